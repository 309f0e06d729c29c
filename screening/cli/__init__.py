"""`flask --app app …` command groups, one module each."""


def register_commands(app):
    from screening.cli.db import db_cli
    from screening.cli.demo import demo_cli
    from screening.cli.outreach import outreach_cli
    from screening.cli.printing import cards_cli, slips_cli
    from screening.cli.questionnaire import questionnaire_cli
    from screening.cli.retention import retention_cli
    from screening.cli.roster import roster_cli
    from screening.cli.users import users_cli
    from screening.cli.worker import worker_command

    for group in (db_cli, demo_cli, questionnaire_cli, retention_cli, roster_cli, users_cli):
        app.cli.add_command(group)
    app.cli.add_command(outreach_cli)
    for group in (slips_cli, cards_cli, worker_command):
        app.cli.add_command(group)
