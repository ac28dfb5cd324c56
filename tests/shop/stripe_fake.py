"""A stand-in for Stripe's API behind the official SDK, and Stripe's webhook signatures.

The SDK accepts any `stripe.HTTPClient`; this one answers the calls the shop makes with
the JSON Stripe would send, keeps intents and refunds in memory, and honours idempotency keys.
"""

import hashlib
import hmac
import itertools
import json
import threading
import time
from urllib.parse import parse_qsl, urlsplit

import stripe

WEBHOOK_SECRET = "whsec_test_secret"


def nest(pairs):
    """Stripe's form encoding (`metadata[order]=1`) back into dictionaries."""
    result = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return result


class FakeStripe(stripe.HTTPClient):
    name = "fake"

    def __init__(self):
        super().__init__()
        self.intents, self.refunds, self.responses = {}, {}, {}
        self.calls = []
        self.ids = itertools.count(1)
        self.lock = threading.Lock()
        self.fail_next = None

    # The SDK's transport interface.
    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path, query = urlsplit(url).path, urlsplit(url).query
        params = nest(parse_qsl(post_data or query or "", keep_blank_values=True))
        key = (headers or {}).get("Idempotency-Key")
        with self.lock:
            self.calls.append((method, path, params))
            if key and key in self.responses:
                return self.responses[key]
            if self.fail_next:
                status, self.fail_next = self.fail_next, None
                body = {"error": {"type": "api_error", "message": "Stripe is having a bad day"}}
                return json.dumps(body), status, {"stripe-should-retry": "false"}
            body, status = self.route(method, path, params)
            response = (json.dumps(body), status, {"Request-Id": f"req_{next(self.ids)}"})
            if key:
                self.responses[key] = response
            return response

    def close(self):
        pass

    def route(self, method, path, params):
        parts = path.strip("/").split("/")[1:]
        if parts == ["payment_intents"] and method == "post":
            return self.create_intent(params), 200
        if parts[0] == "payment_intents" and len(parts) == 2:
            intent = self.intents.get(parts[1])
            if intent is None:
                return {
                    "error": {"type": "invalid_request_error", "message": "No such intent"}
                }, 404
            if method == "post":
                intent["amount"] = int(params["amount"])
            return intent, 200
        if parts == ["refunds"] and method == "post":
            return self.create_refund(params), 200
        if parts == ["refunds"] and method == "get":
            made = [
                r for r in self.refunds.values() if r["payment_intent"] == params["payment_intent"]
            ]
            return {"object": "list", "url": "/v1/refunds", "has_more": False, "data": made}, 200
        return {"error": {"type": "invalid_request_error", "message": f"{method} {path}"}}, 404

    def create_intent(self, params):
        intent_id = f"pi_{next(self.ids):08d}"
        self.intents[intent_id] = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(params["amount"]),
            "amount_received": 0,
            "currency": params["currency"],
            "status": "requires_payment_method",
            "client_secret": f"{intent_id}_secret_abc",
            "metadata": params.get("metadata", {}),
            "last_payment_error": None,
            "latest_charge": f"ch_{intent_id[3:]}",
        }
        return self.intents[intent_id]

    def create_refund(self, params):
        intent = self.intents[params["payment_intent"]]
        already = sum(
            r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent["id"]
        )
        amount = int(params.get("amount", intent["amount_received"] - already))
        refund_id = f"re_{next(self.ids):08d}"
        self.refunds[refund_id] = {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "payment_intent": intent["id"],
            "status": "succeeded",
            "metadata": params.get("metadata", {}),
        }
        return self.refunds[refund_id]

    # What happens in the shopper's browser and at the bank.
    def succeed(self, intent_id):
        intent = self.intents[intent_id]
        intent.update(status="succeeded", amount_received=intent["amount"])
        return intent

    def decline(self, intent_id, message="Your card was declined."):
        intent = self.intents[intent_id]
        intent.update(
            status="requires_payment_method",
            last_payment_error={"message": message, "code": "card_declined"},
        )
        return intent

    def forget_keys(self):
        """Stripe drops idempotency keys after a day."""
        self.responses.clear()

    def count(self, method, path):
        return sum(1 for m, p, _ in self.calls if m == method and p == path)

    def refunded(self, intent_id):
        return sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent_id)

    # Webhooks, signed the way Stripe signs them.
    def event(self, event_type, obj, event_id=None):
        return {
            "id": event_id or f"evt_{next(self.ids):08d}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {"object": obj},
        }

    def charge_for(self, intent_id, **fields):
        intent = self.intents[intent_id]
        return {
            "id": intent["latest_charge"],
            "object": "charge",
            "amount": intent["amount_received"],
            "amount_refunded": self.refunded(intent_id),
            "currency": intent["currency"],
            "payment_intent": intent_id,
            **fields,
        }


def sign(payload: str, secret=WEBHOOK_SECRET, timestamp=None):
    timestamp = timestamp or int(time.time())
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"
