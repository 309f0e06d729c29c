"""Every error gets a page in plain words, in the user's language: never a bare 500."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: (
        _l("Permintaan tidak dapat diproses"),
        _l("Ada yang tidak beres dengan data yang dikirim. Silakan ulangi."),
    ),
    403: (_l("Tidak boleh dibuka"), _l("Akun Anda tidak punya izin untuk membuka halaman ini.")),
    404: (_l("Halaman tidak ditemukan"), _l("Periksa kembali alamatnya, atau kembali ke beranda.")),
    405: (_l("Cara membuka halaman ini salah"), _l("Kembali ke halaman sebelumnya lalu ulangi.")),
    413: (
        _l("Berkas terlalu besar"),
        _l("Berkas yang dikirim melebihi batas. Perkecil lalu kirim ulang."),
    ),
    429: (_l("Terlalu banyak percobaan"), _l("Tunggu beberapa menit, lalu coba lagi.")),
    500: (
        _l("Terjadi kesalahan di sistem"),
        _l("Ini bukan kesalahan Anda. Coba lagi beberapa saat lagi."),
    ),
}


def render_error(code: int):
    title, explanation = MESSAGES.get(code, MESSAGES[500])
    return render_template("error.html", code=code, title=title, explanation=explanation), code


def csrf_error(error: CSRFError):
    title = _l("Halaman sudah kedaluwarsa")
    explanation = _l(
        "Muat ulang halaman, lalu kirim lagi. Isian Anda yang sudah tersimpan tidak hilang."
    )
    return render_template("error.html", code=400, title=title, explanation=explanation), 400


def init_app(app):
    for code in MESSAGES:
        app.register_error_handler(code, lambda error, code=code: render_error(code))
    app.register_error_handler(CSRFError, csrf_error)
