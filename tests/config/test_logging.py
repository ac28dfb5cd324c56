import json
import logging

from django_guid.log_filters import CorrelationId
from pythonjsonlogger.json import JsonFormatter

from config.logging import RedactSecretsFilter, redact


def test_redacts_emails_cards_keys_and_passwords():
    line = redact(
        "order for jane.doe@example.com paid with 4242 4242 4242 4242 "
        "using sk_live_abcdefgh12345678 password=hunter2 token: abc123"
    )
    assert "jane.doe" not in line and "j***@example.com" in line
    assert "4242" not in line
    assert "sk_live_abcdefgh12345678" not in line
    assert "hunter2" not in line and "abc123" not in line


def test_filter_rewrites_formatted_message():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "welcome %s", ("bob@example.org",), None
    )
    assert RedactSecretsFilter().filter(record) is True
    assert record.getMessage() == "welcome b***@example.org"


def test_json_lines_carry_the_request_id(settings, client, capsys, db):
    """Production logs are JSON; each line names the request it belongs to."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(**_json_formatter_kwargs(settings.LOGGING)))
    handler.addFilter(RedactSecretsFilter())
    handler.addFilter(CorrelationId())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-123-abc")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-123-abc"
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["request_id"] == "req-123-abc"
    assert line["level"] == "WARNING"


def _json_formatter_kwargs(logging_config):
    options = dict(logging_config["formatters"]["json"])
    options.pop("()")
    return options
