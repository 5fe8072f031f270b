"""`make run`'s server: Werkzeug's development server, without its version banner.

`flask run` answers every request with "Server: Werkzeug/3.1.9 Python/3.11.2": the exact
versions to look up flaws for, told to anyone on the network. Its request handler cannot be
chosen from `flask run`, so `make run` starts the same server here with a handler that says
only "Outreach". (`make serve` and `make lan` run gunicorn, which names no version.)
"""
import argparse

from werkzeug.serving import WSGIRequestHandler, run_simple

from . import create_app

BANNER = "Outreach"


class BannerlessRequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler, naming neither Werkzeug's nor Python's version in its Server header."""

    def version_string(self) -> str:
        return BANNER


def main(argv: list[str] | None = None) -> None:
    """Serve the app on --host and --port with the bannerless handler (threaded, as `flask run` is)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    options = parser.parse_args(argv)
    run_simple(options.host, options.port, create_app(), threaded=True, request_handler=BannerlessRequestHandler)


if __name__ == "__main__":
    main()
