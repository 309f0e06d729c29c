"""Every error of our `flask` commands is an Indonesian sentence, without click's English usage
frame, with a non-zero exit."""

import pytest

from screening.cli.errors import Group

ENGLISH = ("Usage:", "Try '", "Error:", "--help' for help", "Missing", "No such", "Invalid value")


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        # The command's own errors.
        (
            ["slips", "print", "--kelurahan", "NoSuchPlace", "--out", "x.pdf"],
            'Kelurahan "NoSuchPlace" tidak dikenal.',
        ),
        (["users", "disable", "tidak-ada"], "Akun tidak-ada tidak ada."),
        (
            ["users", "create", "x", "--role", "kpu", "--password", "pendek"],
            "Kata sandi minimal 10 karakter; yang diisi 6 karakter.",
        ),
        (
            ["questionnaire", "rescore", "--to", "1"],
            "Hanya --dry-run yang didukung: hasil tersimpan tidak diubah.",
        ),
        # Click's own parsing errors, said in Indonesian with where the help is.
        (["cards", "print", "--kecamatan", "337501"], "--out wajib diisi. Lihat: "),
        (["users", "create", "x", "--role", "root"], "Nilai root untuk --role tidak sah."),
        (["roster", "import", "tidak-ada.csv"], "Nilai tidak-ada.csv untuk FILE tidak sah."),
        (["slips", "print", "--warna", "merah"], "Opsi --warna tidak dikenal."),
        (["slips", "cetak"], "Perintah cetak tidak ada."),
        (["retention", "purge", "lebih"], "Ada argumen yang tidak dikenal: lebih."),
    ],
)
def test_command_errors_are_one_indonesian_sentence(runner, make, args, sentence):
    make.region()
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert sentence in result.output
    for english in ENGLISH:
        assert english not in result.output, result.output
    assert "Traceback" not in result.output


def test_click_usage_errors_point_to_the_commands_help(runner):
    result = runner.invoke(args=["cards", "print"])
    assert result.exit_code == 2
    assert result.output.strip().endswith("cards print --help")


def test_every_command_group_of_ours_speaks_indonesian(app):
    ours = {"db", "demo", "questionnaire", "retention", "roster", "users", "slips", "cards"}
    for name in ours:
        assert isinstance(app.cli.commands[name], Group), name
