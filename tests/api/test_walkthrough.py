"""docs/api.md's walkthrough, run as written: each `curl` becomes the same request against the
test server, `NAME=$(curl … | jq -r '…')` keeps what jq would print, and every request must
succeed. A changed endpoint that breaks the documented flow fails here."""

import json
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from bookings.models import Booking

pytestmark = pytest.mark.django_db

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
ASSIGN_OUTPUT = re.compile(r"^(\w+)=\$\((curl .*) \| jq -r '(.*)'\)$")
ASSIGN = re.compile(r"^(\w+)=(\S+)$")
VARIABLE = re.compile(r"\$\{?(\w+)\}?")


def walkthrough_lines():
    text = DOC.read_text()
    block = text.split("<!-- walkthrough -->", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def jq(expression, data):
    """The jq this walkthrough uses: paths of .key, [n] and [] inside an optional first()."""
    if expression.startswith("first(") and expression.endswith(")"):
        return next(iter(jq_path(expression[6:-1], [data])))
    (value,) = jq_path(expression, [data])
    return value


def jq_path(path, values):
    for step in re.findall(r"\.\w+|\[\d*\]", path):
        if step == "[]":
            values = [item for value in values for item in value]
        elif step.startswith("["):
            values = [value[int(step[1:-1])] for value in values]
        else:
            values = [value[step[1:]] for value in values]
    return values


def curl(client, command):
    words = shlex.split(command)
    assert words[0] == "curl", command
    method, headers, data, url = "GET", {}, "", None
    arguments = iter(words[1:])
    for word in arguments:
        if word == "-X":
            method = next(arguments)
        elif word == "-H":
            name, _, value = next(arguments).partition(":")
            headers[name.strip()] = value.strip()
        elif word == "-d":
            data = next(arguments)
        elif word in ("-b", "-c"):
            next(arguments)  # the cookie jar: the test client keeps the cookies
        elif not word.startswith("-"):
            url = word
    content_type = headers.pop("Content-Type", "application/octet-stream")
    response = client.generic(method, url, data, content_type=content_type, headers=headers)
    assert response.status_code < 400, (command, response.status_code, response.content[:500])
    return response.json()


def run(lines):
    client = Client(enforce_csrf_checks=True)
    variables = {}

    def expand(text):
        return VARIABLE.sub(lambda match: variables[match.group(1)], text)

    for line in lines:
        if match := ASSIGN_OUTPUT.match(line):
            name, command, expression = match.groups()
            variables[name] = str(jq(expression, curl(client, expand(command))))
        elif match := ASSIGN.match(line):
            variables[match.group(1)] = expand(match.group(2))
        else:
            curl(client, expand(line))
    return client, variables


def test_the_documented_walkthrough_holds_a_time(open_venue, service):
    lines = walkthrough_lines()
    assert sum(line.count("curl ") for line in lines) >= 8
    client, variables = run(lines)
    assert variables["SERVICE"] == str(service.pk)
    booking = Booking.objects.get(service=service)
    assert booking.status == Booking.Status.HELD
    assert booking.start.isoformat() == variables["START"]
    basket = json.loads(client.get("/api/v1/basket/").content)
    assert basket["lines"][0]["held_time"]["reference"] == str(booking.reference)
