"""A gateway phone as Medic's cht-gateway behaves, written from its README (github.com/medic/cht-gateway, API):

- it POSTs {"messages": [{"id", "from", "content", "sms_sent", "sms_received"}], "updates": [{"id", "status",
  "reason"?}]} and takes back {"messages": [{"id", "to", "content"}]};
- a text it received is forwarded until a 2xx answer came back (so the same id may come again);
- a status update (PENDING, SENT, DELIVERED, FAILED with a reason) is forwarded until a 2xx answer;
- it never sends a webapp text whose id it has seen before ("will not re-process duplicate webapp-originating
  messages"); 400 and above are errors, and nothing it forwarded counts as delivered.
"""
import base64
import time
import uuid
from dataclasses import dataclass, field


@dataclass
class Sent:
    """A text the phone sent on the app's behalf."""

    id: str
    to: str
    content: str


@dataclass
class GatewayPhone:
    """The gateway phone: its inbox of texts waiting to be forwarded, and the texts it has sent."""

    client: object  # a Flask test client or an httpx.Client
    user: str
    password: str
    path: str = "/api/v1/sms/medic-gateway"
    waiting: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    sent: list = field(default_factory=list)
    seen: set = field(default_factory=set)

    @property
    def headers(self) -> dict:
        """HTTP Basic, as cht-gateway sends the user and password of its URL; JSON both ways."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return {"Authorization": f"Basic {token}", "Accept": "application/json", "Accept-Charset": "utf-8",
                "Cache-Control": "no-cache"}

    def receive(self, sender: str, content: str, message_id: str | None = None) -> str:
        """A text arrives on the phone from `sender`; it waits for the next poll."""
        message_id = message_id or str(uuid.uuid4())
        now = int(time.time() * 1000)
        self.waiting.append({"id": message_id, "from": sender, "content": content, "sms_sent": now - 2000,
                             "sms_received": now})
        return message_id

    def report(self, text_id: str, status: str, reason: str | None = None) -> None:
        """The network told the phone what became of a text it sent."""
        update = {"id": text_id, "status": status}
        if reason is not None:
            update["reason"] = reason
        self.updates.append(update)

    def poll(self):
        """One poll: forward what waits; on a 2xx, forget it and send each new text once."""
        body = {"messages": self.waiting, "updates": self.updates}
        response = self.client.post(self.path, json=body, headers=self.headers)
        if 200 <= response.status_code < 300:
            self.waiting, self.updates = [], []
            for text in _json(response)["messages"] or []:
                if text["id"] not in self.seen:
                    self.seen.add(text["id"])
                    self.sent.append(Sent(text["id"], text["to"], text["content"]))
        return response

    def texts_to(self, number: str) -> list[str]:
        """What the phone has sent to `number`, oldest first."""
        return [text.content for text in self.sent if text.to == number]


def _json(response) -> dict:
    """The JSON of a Flask or httpx response."""
    return response.get_json() if hasattr(response, "get_json") else response.json()
