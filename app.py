"""The review workbench: ``python app.py [--host 127.0.0.1] [--port 7860] [--db PATH] [--model M] [--general DIR] [--auth FILE]``.

Builds the Gradio app from :mod:`workbench.ui` and launches it; nothing else.
"""

import argparse
import sys

from workbench.errors import WorkbenchError
from workbench.ui.server import add_server_arguments, serve


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Review workbench: a web UI over the review store.")
    add_server_arguments(parser)
    args = parser.parse_args(argv)
    try:
        serve(args)
    except WorkbenchError as err:
        print(f"app.py: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
