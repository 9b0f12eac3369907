#!/usr/bin/env python
import os
import sys


def main() -> None:
    from portal.settings_readonly import READ_ONLY_COMMANDS

    # A read-only command needs no secret and no database: it runs on settings that have neither,
    # so it works on a production host without them (and could not touch the database if it tried).
    if sys.argv[1:2] and sys.argv[1] in READ_ONLY_COMMANDS:
        os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings_readonly"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
