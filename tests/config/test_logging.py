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


def _json_line(record_factory, settings):
    """One record through a JSON handler as production sets it up; the parsed line."""
    import io

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**_json_formatter_kwargs(settings.LOGGING)))
    handler.addFilter(RedactSecretsFilter())
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        record_factory(logger)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    return stream.getvalue(), json.loads(stream.getvalue().strip().splitlines()[-1])


def test_tracebacks_are_redacted_in_json_lines(settings):
    def log_failure(logger):
        try:
            raise ValueError("card 4242 4242 4242 4242 refused for jane.doe@example.com")
        except ValueError:
            logger.exception("payment failed")

    raw, line = _json_line(log_failure, settings)
    assert "ValueError" in line["exc_info"]
    assert "4242" not in raw and "jane.doe" not in raw
    assert "j***@example.com" in line["exc_info"]


def test_tracebacks_are_redacted_in_text_lines():
    import io

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(RedactSecretsFilter())
    logger = logging.getLogger("tests.redaction.text")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            raise RuntimeError("token=abc123secret for bob@example.org")
        except RuntimeError:
            logger.error("boom", exc_info=True, stack_info=True)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    output = stream.getvalue()
    assert "RuntimeError" in output and "Stack (most recent call last)" in output
    assert "abc123secret" not in output and "bob@example.org" not in output


def test_extra_fields_are_redacted(settings):
    def log_with_extra(logger):
        logger.warning(
            "checkout started",
            extra={
                "customer": "jane.doe@example.com",
                "shipping_address": "1 High Street, Leeds",
                "api_token": "abcdef123456",
                "details": {"email": "bob@example.org", "note": "pay with sk_live_abcdefgh123"},
                "basket_id": 42,
            },
        )

    raw, line = _json_line(log_with_extra, settings)
    assert line["customer"] == "j***@example.com"
    assert line["shipping_address"] == "[redacted]"
    assert line["api_token"] == "[redacted]"
    assert line["details"] == {"email": "[redacted]", "note": "pay with [secret]"}
    assert line["basket_id"] == 42
    for secret in ("jane.doe", "High Street", "abcdef123456", "bob@", "sk_live"):
        assert secret not in raw
