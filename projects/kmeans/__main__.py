from foundations.reporting import run_cli

from .cli import main

raise SystemExit(run_cli(main))
