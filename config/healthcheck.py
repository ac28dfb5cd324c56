"""The container health check: `python -m config.healthcheck [--ready]`.

Calls this container's gunicorn as the proxy would (an allowed Host, X-Forwarded-Proto https),
so neither ALLOWED_HOSTS nor the HTTPS redirect turns a healthy process into a failure.
`--ready` asks /readyz instead of /healthz, with READYZ_TOKEN when one is set. Exit 0: healthy.
"""

import os
import sys
import urllib.error
import urllib.request


def probe(path, *, port=None, timeout=5.0):
    port = port or os.environ.get("PORT", "8000")
    hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((h for h in hosts if h and h != "*"), "localhost")
    headers = {"Host": host, "X-Forwarded-Proto": "https"}
    token = os.environ.get("READYZ_TOKEN", "")
    if path == "/readyz" and token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main(argv):
    path = "/readyz" if "--ready" in argv else "/healthz"
    try:
        status, body = probe(path)
    except OSError as error:
        print(f"{path}: {error.__class__.__name__}: {error}", file=sys.stderr)
        return 1
    print(f"{path}: {status} {body[:300].decode(errors='replace')}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
