#!/usr/bin/env bash
# Regenerates the API Gateway (HTTP API, payload format 2.0) envelopes from the GitHub payload files,
# signing each body with the example secret, regenerates the SQS event from the push envelope, and
# then checks every fixture. Only bash and python3; no network.
#
#   events/sign.sh           regenerate, then check
#   events/sign.sh --check   check only: exits 1 if a fixture is invalid or out of date
set -euo pipefail
cd "$(dirname "$0")"
exec python3 - "$@" <<'PY'
import datetime
import hashlib
import hmac
import json
import pathlib
import re
import sys

SECRET = "gitbridge-example-secret-0123456789"
HOOK_ID = "hk_example0000000000000000"
GITHUB_HOOK_ID = "512301877"          # GitHub's id of the webhook (header X-GitHub-Hook-ID)
GITHUB_REPO_ID = "186853002"          # repository.id in the payloads
API_ID = "abc123defg"
REGION = "eu-west-1"
ACCOUNT = "123456789012"
DOMAIN = f"{API_ID}.execute-api.{REGION}.amazonaws.com"
ROUTE_KEY = "POST /webhooks/{hookId}"
USER_AGENT = "GitHub-Hookshot/abc1234"
SOURCE_IP = "140.82.115.12"           # inside GitHub's published hooks range 140.82.112.0/20

# Per delivery: a distinct X-GitHub-Delivery GUID, API Gateway request id and arrival time (epoch ms).
DELIVERIES = {
    "push": ("6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60", "VdXqKh3sliAEJ3w=", 1795169731412, "1-673dc7c3-2b6f1a0e4c5d7e8f9a0b1c2d"),
    "ping": ("2b1d8e40-c6b2-11f1-9a7e-0f3c5a7b9d11", "VdVn1gJwliAEMkQ=", 1795168721087, "1-673dc3b1-0a1b2c3d4e5f6a7b8c9d0e1f"),
    "workflow_run": ("a4e2b6c0-c6b4-11f1-8d5b-7e9f1a2c3d44", "VdYCmHrbliAEP0g=", 1795169882655, "1-673dc85a-7f6e5d4c3b2a190817263544"),
}

SQS_QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:gitbridge-SyncQueue-Ab12Cd34Ef56.fifo"
SQS_MESSAGE_ID = "059f36b4-87a3-44ab-83d2-661975830a7d"
SQS_RECEIPT_HANDLE = ("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a8M3kKd9fBnqHc4pFsPcN8yZ2dU0t7EaW5QvJxR"
                      "kYlTqG1oM9bVh3Xr6sDfL2nAe8CzI4uOyK0wPjS7gHtN5mBiFx1vRcQ9lZa3Ek6Ud2Ws8Yo=")
SQS_SENDER_ID = "AROA4EXAMPLEROLEID01:gitbridge-ReceiverFunction-Ab12Cd34Ef56"
SQS_SEQUENCE_NUMBER = "18890123456789012345"


def sign(algorithm, body_bytes):
    digest = hmac.new(SECRET.encode("utf-8"), body_bytes, algorithm).hexdigest()
    return ("sha256=" if algorithm is hashlib.sha256 else "sha1=") + digest


def api_gateway_time(epoch_ms):
    t = datetime.datetime.fromtimestamp(epoch_ms / 1000, datetime.timezone.utc)
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


def envelope(event, body_bytes):
    delivery, request_id, epoch_ms, trace = DELIVERIES[event]
    path = f"/webhooks/{HOOK_ID}"
    return {
        "version": "2.0",
        "routeKey": ROUTE_KEY,
        "rawPath": path,
        "rawQueryString": "",
        "headers": {
            "accept": "*/*",
            "content-length": str(len(body_bytes)),
            "content-type": "application/json",
            "host": DOMAIN,
            "user-agent": USER_AGENT,
            "x-amzn-trace-id": f"Root={trace}",
            "x-forwarded-for": SOURCE_IP,
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https",
            "x-github-delivery": delivery,
            "x-github-event": event,
            "x-github-hook-id": GITHUB_HOOK_ID,
            "x-github-hook-installation-target-id": GITHUB_REPO_ID,
            "x-github-hook-installation-target-type": "repository",
            "x-hub-signature": sign(hashlib.sha1, body_bytes),
            "x-hub-signature-256": sign(hashlib.sha256, body_bytes),
        },
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": API_ID,
            "domainName": DOMAIN,
            "domainPrefix": API_ID,
            "http": {
                "method": "POST",
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": SOURCE_IP,
                "userAgent": USER_AGENT,
            },
            "requestId": request_id,
            "routeKey": ROUTE_KEY,
            "stage": "$default",
            "time": api_gateway_time(epoch_ms),
            "timeEpoch": epoch_ms,
        },
        "pathParameters": {"hookId": HOOK_ID},
        "isBase64Encoded": False,
        # The exact file contents (UTF-8, pretty-printed, trailing newline): the signature covers these bytes.
        "body": body_bytes.decode("utf-8"),
    }


def sqs_event(push_payload):
    delivery, _, epoch_ms, _ = DELIVERIES["push"]
    # Same field order and compact form as SyncRequestCodec.encode.
    body = json.dumps({"hookId": HOOK_ID, "deliveryId": delivery, "commit": push_payload["after"],
                       "ref": push_payload["ref"]}, separators=(",", ":"))
    sent = epoch_ms + 187
    return {
        "Records": [{
            "messageId": SQS_MESSAGE_ID,
            "receiptHandle": SQS_RECEIPT_HANDLE,
            "body": body,
            "attributes": {
                "ApproximateReceiveCount": "1",
                "SentTimestamp": str(sent),
                "SequenceNumber": SQS_SEQUENCE_NUMBER,
                "MessageGroupId": HOOK_ID,
                "SenderId": SQS_SENDER_ID,
                "MessageDeduplicationId": delivery,
                "ApproximateFirstReceiveTimestamp": str(sent + 41),
            },
            "messageAttributes": {},
            "md5OfBody": hashlib.md5(body.encode("utf-8")).hexdigest(),
            "eventSource": "aws:sqs",
            "eventSourceARN": SQS_QUEUE_ARN,
            "awsRegion": REGION,
        }]
    }


def render(document):
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def generated():
    """Every generated file, path -> bytes, from the payload files on disk."""
    files = {}
    for event in DELIVERIES:
        body = pathlib.Path(f"github/{event}.json").read_bytes()
        files[f"github/{event}.apigw.json"] = render(envelope(event, body))
    push = json.loads(pathlib.Path("github/push.json").read_bytes())
    files["sqs/sync.json"] = render(sqs_event(push))
    return files


problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)


def check():
    # The HMAC code against GitHub's published test vector.
    vector = hmac.new(b"It's a Secret to Everybody", b"Hello, World!", hashlib.sha256).hexdigest()
    expect(vector == "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
           "HMAC-SHA256 does not reproduce GitHub's test vector")

    documents = {}
    for path in sorted(pathlib.Path(".").rglob("*.json")):
        try:
            documents[str(path)] = json.loads(path.read_bytes())
        except ValueError as e:
            problems.append(f"{path}: not JSON: {e}")

    # Envelopes: checked on their own terms, independent of how they were generated.
    seen_deliveries = set()
    for event in DELIVERIES:
        name = f"github/{event}.apigw.json"
        env = documents.get(name)
        if env is None:
            problems.append(f"{name}: missing")
            continue
        payload_bytes = pathlib.Path(f"github/{event}.json").read_bytes()
        headers = env["headers"]
        body_bytes = env["body"].encode("utf-8")
        expect(all(h == h.lower() for h in headers), f"{name}: header names must be lower case")
        expect(body_bytes == payload_bytes, f"{name}: body differs from github/{event}.json")
        expect(json.loads(body_bytes) is not None, f"{name}: body is not JSON")
        expect(env["isBase64Encoded"] is False, f"{name}: isBase64Encoded must be false")
        expect(headers["content-length"] == str(len(body_bytes)), f"{name}: content-length is not the body length")
        expect(headers["x-github-event"] == event, f"{name}: x-github-event is not {event}")
        signature = headers["x-hub-signature-256"]
        expect(hmac.compare_digest(signature, sign(hashlib.sha256, body_bytes)),
               f"{name}: x-hub-signature-256 does not verify over the body")
        expect(hmac.compare_digest(headers["x-hub-signature"], sign(hashlib.sha1, body_bytes)),
               f"{name}: x-hub-signature does not verify over the body")
        expect(not hmac.compare_digest(signature, sign(hashlib.sha256, json.dumps(json.loads(body_bytes)).encode())),
               f"{name}: signature also verifies over a re-serialised body (the fixture must catch re-serialisation)")
        expect(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", headers["x-github-delivery"]),
               f"{name}: x-github-delivery is not a GUID")
        expect(headers["x-github-delivery"] not in seen_deliveries, f"{name}: x-github-delivery is reused")
        seen_deliveries.add(headers["x-github-delivery"])
        expect(env["routeKey"] == ROUTE_KEY and env["requestContext"]["routeKey"] == ROUTE_KEY, f"{name}: routeKey")
        expect(env["rawPath"] == env["requestContext"]["http"]["path"] == f"/webhooks/{HOOK_ID}", f"{name}: path")
        expect(env["pathParameters"] == {"hookId": HOOK_ID}, f"{name}: pathParameters")
        expect(env["requestContext"]["http"]["method"] == "POST", f"{name}: method")
        expect(env["requestContext"]["stage"] == "$default", f"{name}: stage")

    sha = re.compile(r"[0-9a-f]{40}")
    push = documents["github/push.json"]
    run = documents["github/workflow_run.json"]["workflow_run"]
    expect(sha.fullmatch(push["before"]) and sha.fullmatch(push["after"]), "push: before/after must be 40-hex")
    expect(push["head_commit"]["id"] == push["after"] == push["commits"][-1]["id"], "push: head_commit is not after")
    expect(sha.fullmatch(run["head_sha"]) and run["head_sha"] != push["after"],
           "workflow_run: head_sha must be a 40-hex sha other than push.after")
    expect(documents["github/ping.json"]["hook_id"] == int(GITHUB_HOOK_ID), "ping: hook_id")

    # SQS event.
    record = documents["sqs/sync.json"]["Records"][0]
    expect(record["md5OfBody"] == hashlib.md5(record["body"].encode("utf-8")).hexdigest(), "sqs: md5OfBody")
    request = json.loads(record["body"])
    expect(list(request) == ["hookId", "deliveryId", "commit", "ref"], "sqs: body fields")
    expect(request["hookId"] == record["attributes"]["MessageGroupId"] == HOOK_ID, "sqs: MessageGroupId is not the hook id")
    expect(sha.fullmatch(request["commit"]), "sqs: commit must be 40-hex")
    expect(record["eventSourceARN"].endswith(".fifo"), "sqs: queue must be FIFO")

    # Drift: the files on disk are exactly what this script generates from the payloads.
    for path, content in generated().items():
        on_disk = pathlib.Path(path).read_bytes() if pathlib.Path(path).exists() else None
        expect(on_disk == content, f"{path}: out of date, run events/sign.sh")


if sys.argv[1:] not in ([], ["--check"]):
    sys.exit("usage: events/sign.sh [--check]")
if not sys.argv[1:]:
    for path, content in generated().items():
        pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(path).write_bytes(content)
        print(f"wrote events/{path}")
check()
if problems:
    print("\n".join(f"FAIL {p}" for p in problems), file=sys.stderr)
    sys.exit(1)
print(f"ok: {len(DELIVERIES)} envelopes verify with secret {SECRET!r}; sqs/sync.json consistent; all JSON parses")
PY
