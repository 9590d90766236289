#!/usr/bin/env bash
# Regenerates the API Gateway (HTTP API, payload format 2.0) envelopes from the provider payload files,
# signing each body with the example secret the way its provider does, regenerates the SQS event from
# the GitHub push envelope, and then checks every fixture. Only bash and python3; no network.
#
#   events/sign.sh           regenerate, then check
#   events/sign.sh --check   check only: exits 1 if a fixture is invalid or out of date
#
# Adding an envelope = adding one entry to ENVELOPES below: the payload file, the envelope file, the
# provider's client (user agent, source IP), the API Gateway request (id, epoch ms, trace id), the
# headers the provider sends, which of them is the delivery id, and how the provider signs.
set -euo pipefail
cd "$(dirname "$0")"
exec python3 - "$@" <<'PY'
import base64
import datetime
import hashlib
import hmac
import json
import pathlib
import re
import sys
import urllib.parse

SECRET = "gitbridge-example-secret-0123456789"
HOOK_ID = "hk_example0000000000000000"
API_ID = "abc123defg"
REGION = "eu-west-1"
ACCOUNT = "123456789012"
DOMAIN = f"{API_ID}.execute-api.{REGION}.amazonaws.com"
ROUTE_KEY = "POST /webhooks/{hookId}"
PATH = f"/webhooks/{HOOK_ID}"
# The GitHub App's one webhook (POST /webhooks/github-app): its envelopes have no path parameter and are signed with
# the app's webhook secret; GITHUB_APP_ID is the app, as X-GitHub-Hook-Installation-Target-ID names it.
APP_SECRET = "gitbridge-example-app-secret-0123"
APP_ROUTE_KEY = "POST /webhooks/github-app"
APP_PATH = "/webhooks/github-app"
GITHUB_APP_ID = "1234567"
GITHUB_APP_HOOK_ID = "512309999"

GITHUB_HOOK_ID = "512301877"          # GitHub's id of the webhook (header X-GitHub-Hook-ID)
GITHUB_REPO_ID = "186853002"          # repository.id in the payloads
# (user agent, source IP) per provider client; a user agent of None sends no User-Agent header.
GITHUB = ("GitHub-Hookshot/abc1234", "140.82.115.12")   # inside GitHub's published hooks range 140.82.112.0/20
# Self-hosted servers and GitFlic: addresses from the documentation ranges (RFC 5737).
GITEA = ("Go-http-client/1.1", "203.0.113.45")         # Gitea and Forgejo set no User-Agent: Go's default
GOGS = ("GogsServer", "198.51.100.23")                 # Gogs's httplib default
GITFLIC = (None, "192.0.2.61")                         # GitFlic's User-Agent is undocumented
GITLAB = ("GitLab/18.6.0-ee", "34.74.90.66")             # GitLab.com webhooks come from 34.74.90.64/28, 34.74.226.0/24
BITBUCKET = ("Bitbucket-Webhooks/2.0", "104.192.142.247")  # Bitbucket Cloud's documented User-Agent and outgoing range
BITBUCKET_SERVER = (None, "203.0.113.87")                  # self-hosted; Data Center's User-Agent is undocumented
AZURE_DEVOPS = (None, "198.51.100.77")                     # Azure DevOps's User-Agent and addresses are undocumented here
# The documented example GitLab signing token (Standard Webhooks, whsec_ + base64 of a 32-byte key), used only by
# gitlab/push.whsec.apigw.json; every other envelope uses SECRET.
GITLAB_SIGNING_TOKEN = "whsec_mVXCS/TUFfXslI2mOYifsrOmdYgEzjS+DrAmeizyNAo="
GITLAB_WEBHOOK_UUID = "0b6f3a2c-8d1e-4c5b-9a7f-2e4d6c8b1a39"    # X-Gitlab-Webhook-UUID: GitLab's id of the webhook
BITBUCKET_HOOK_UUID = "{0e5b7c9a-2d4f-4a1c-8b3e-6f9d1a2c5e78}"  # X-Hook-UUID: Bitbucket Cloud's id of the webhook


# ---- How providers sign. Each signer returns {header: value} for a body and the other headers. -----------------

class Hmac:
    """Hex HMAC of the raw body, with an optional prefix (``sha256=``), in one or more headers."""
    covers_body = True

    def __init__(self, *headers, prefix="", algorithm=hashlib.sha256, secret=SECRET):
        self.headers, self.prefix, self.algorithm, self.secret = headers, prefix, algorithm, secret

    def sign(self, body, headers):
        value = self.prefix + hmac.new(self.secret.encode("utf-8"), body, self.algorithm).hexdigest()
        return {h: value for h in self.headers}


def sha256_prefixed(header, secret=SECRET):
    """``sha256=<hex HMAC-SHA256>`` (GitHub, Bitbucket, Gitea's X-Hub-Signature-256)."""
    return Hmac(header, prefix="sha256=", secret=secret)


def sha1_prefixed(header, secret=SECRET):
    """``sha1=<hex HMAC-SHA1>`` (GitHub's and Gitea's legacy X-Hub-Signature)."""
    return Hmac(header, prefix="sha1=", algorithm=hashlib.sha1, secret=secret)


def bare_hex(*headers, secret=SECRET):
    """Bare lower-case hex HMAC-SHA256 in each named header (Gitea, Forgejo, Gogs)."""
    return Hmac(*headers, secret=secret)


class Verbatim:
    """The secret itself in a header (GitLab X-Gitlab-Token, GitFlic Gitflic-Webhook-Secret)."""
    covers_body = False

    def __init__(self, header, secret=SECRET):
        self.header, self.secret = header, secret

    def sign(self, body, headers):
        return {self.header: self.secret}


class BasicAuth:
    """HTTP Basic with the secret as password (Azure DevOps, Bitbucket Server credentials)."""
    covers_body = False

    def __init__(self, username, header="authorization", secret=SECRET):
        self.username, self.header, self.secret = username, header, secret

    def sign(self, body, headers):
        token = base64.b64encode(f"{self.username}:{self.secret}".encode("utf-8")).decode("ascii")
        return {self.header: f"Basic {token}"}


class StandardWebhooks:
    """Standard Webhooks ``v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`` (GitLab signing token).

    The id and timestamp are read from the entry's own headers; a ``whsec_`` secret is base64-decoded into the key.
    """
    covers_body = True

    def __init__(self, header="webhook-signature", id_header="webhook-id", timestamp_header="webhook-timestamp",
                 secret=SECRET):
        self.header, self.id_header, self.timestamp_header, self.secret = header, id_header, timestamp_header, secret

    def sign(self, body, headers):
        key = (base64.b64decode(self.secret[len("whsec_"):]) if self.secret.startswith("whsec_")
               else self.secret.encode("utf-8"))
        message = f"{headers[self.id_header]}.{headers[self.timestamp_header]}.".encode("utf-8") + body
        return {self.header: "v1," + base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode("ascii")}


# ---- The table: one entry per envelope. ----------------------------------------------------------------------------
# payload:   the payload file; the envelope's body is these bytes (or payload=<url-encoded bytes> when form=True)
# envelope:  the generated file
# client:    (user agent, source IP)
# request:   (API Gateway request id, arrival epoch ms, X-Ray trace root)
# delivery:  the header carrying the provider's delivery id, or None; the ids must be unique across envelopes
# headers:   the provider's own headers (lower case); they override the defaults (None removes a default)
# sign:      signers, applied in order
# form:      optional; True sends application/x-www-form-urlencoded payload=<json>, base64-encoded by API Gateway
# signs:     optional; "payload" when the provider signs the JSON inside the form rather than the form body
#            (Gitea, Forgejo and Gogs do; GitHub signs the body it sends)

GO_CLIENT = {"accept": None, "accept-encoding": "gzip"}


def gitea_headers(delivery, event, forgejo=False):
    """The headers Gitea (and Forgejo, which adds its own) sends besides the signatures."""
    names = (["x-forgejo"] if forgejo else []) + ["x-gitea", "x-gogs", "x-github"]
    headers = dict(GO_CLIENT)
    for name in names:
        headers.update({f"{name}-delivery": delivery, f"{name}-event": event, f"{name}-event-type": event})
    headers.update({"x-gitea-hook-installation-target-type": "repository",
                    "x-github-hook-installation-target-type": "repository"})
    return headers


def gitea_signers(forgejo=False):
    headers = (["x-forgejo-signature"] if forgejo else []) + ["x-gitea-signature", "x-gogs-signature"]
    return [bare_hex(*headers), sha1_prefixed("x-hub-signature"), sha256_prefixed("x-hub-signature-256")]



def gitlab_headers(idempotency_key, event_uuid, event):
    """The headers GitLab sends besides the token or signature; Idempotency-Key is stable across resends."""
    return {"x-gitlab-event": event, "x-gitlab-event-uuid": event_uuid, "x-gitlab-instance": "https://gitlab.com",
            "x-gitlab-webhook-uuid": GITLAB_WEBHOOK_UUID, "idempotency-key": idempotency_key}


def bitbucket_headers(request_uuid, event):
    """The headers Bitbucket Cloud sends besides the signature."""
    return {"x-event-key": event, "x-hook-uuid": BITBUCKET_HOOK_UUID, "x-request-uuid": request_uuid,
            "x-attempt-number": "1"}


def bitbucket_server_headers(request_id, event):
    """The headers Bitbucket Data Center sends besides the signature."""
    return {"content-type": "application/json; charset=utf-8", "x-event-key": event, "x-request-id": request_id}


ENVELOPES = [
    dict(payload="github/push.json", envelope="github-app/push.apigw.json", client=GITHUB, app=True,
         request=("VdYb7kLmliAEPq8=", 1795170102233, "1-673dc936-5d6e7f8091a2b3c4d5e6f708"),
         delivery="x-github-delivery",
         headers={"x-github-delivery": "8c3e5f20-c6b5-11f1-9f1a-2b3c4d5e6f70", "x-github-event": "push",
                  "x-github-hook-id": GITHUB_APP_HOOK_ID, "x-github-hook-installation-target-id": GITHUB_APP_ID,
                  "x-github-hook-installation-target-type": "integration"},
         sign=[sha1_prefixed("x-hub-signature", secret=APP_SECRET),
               sha256_prefixed("x-hub-signature-256", secret=APP_SECRET)]),
    dict(payload="github/push.json", envelope="github/push.apigw.json", client=GITHUB,
         request=("VdXqKh3sliAEJ3w=", 1795169731412, "1-673dc7c3-2b6f1a0e4c5d7e8f9a0b1c2d"),
         delivery="x-github-delivery",
         headers={"x-github-delivery": "6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60", "x-github-event": "push",
                  "x-github-hook-id": GITHUB_HOOK_ID, "x-github-hook-installation-target-id": GITHUB_REPO_ID,
                  "x-github-hook-installation-target-type": "repository"},
         sign=[sha1_prefixed("x-hub-signature"), sha256_prefixed("x-hub-signature-256")]),
    dict(payload="github/ping.json", envelope="github/ping.apigw.json", client=GITHUB,
         request=("VdVn1gJwliAEMkQ=", 1795168721087, "1-673dc3b1-0a1b2c3d4e5f6a7b8c9d0e1f"),
         delivery="x-github-delivery",
         headers={"x-github-delivery": "2b1d8e40-c6b2-11f1-9a7e-0f3c5a7b9d11", "x-github-event": "ping",
                  "x-github-hook-id": GITHUB_HOOK_ID, "x-github-hook-installation-target-id": GITHUB_REPO_ID,
                  "x-github-hook-installation-target-type": "repository"},
         sign=[sha1_prefixed("x-hub-signature"), sha256_prefixed("x-hub-signature-256")]),
    dict(payload="github/workflow_run.json", envelope="github/workflow_run.apigw.json", client=GITHUB,
         request=("VdYCmHrbliAEP0g=", 1795169882655, "1-673dc85a-7f6e5d4c3b2a190817263544"),
         delivery="x-github-delivery",
         headers={"x-github-delivery": "a4e2b6c0-c6b4-11f1-8d5b-7e9f1a2c3d44", "x-github-event": "workflow_run",
                  "x-github-hook-id": GITHUB_HOOK_ID, "x-github-hook-installation-target-id": GITHUB_REPO_ID,
                  "x-github-hook-installation-target-type": "repository"},
         sign=[sha1_prefixed("x-hub-signature"), sha256_prefixed("x-hub-signature-256")]),
    dict(payload="github/push.json", envelope="github/push.form.apigw.json", client=GITHUB, form=True,
         request=("VdXr7Pm2liAEK1s=", 1795169736208, "1-673dc7c8-4a5b6c7d8e9f0a1b2c3d4e5f"),
         delivery="x-github-delivery",
         headers={"x-github-delivery": "7c0b4d20-c6b4-11f1-9f3b-2c8d4e5f6a71", "x-github-event": "push",
                  "x-github-hook-id": GITHUB_HOOK_ID, "x-github-hook-installation-target-id": GITHUB_REPO_ID,
                  "x-github-hook-installation-target-type": "repository"},
         sign=[sha1_prefixed("x-hub-signature"), sha256_prefixed("x-hub-signature-256")]),
    # GitHub's PubSubHubbub hub (hub.secret), as older GitHub Enterprise Server versions send it: a form signed only
    # with the legacy SHA-1 header.
    dict(payload="github/push.json", envelope="github/push.pubsubhubbub.apigw.json", client=GITHUB, form=True,
         request=("VdXs3Hw9liAEL4c=", 1795169741533, "1-673dc7cd-9e8d7c6b5a4f3e2d1c0b9a88"),
         delivery="x-github-delivery",
         headers={"x-github-delivery": "8d1c5e30-c6b4-11f1-8a4c-3d9e5f6a7b82", "x-github-event": "push"},
         sign=[sha1_prefixed("x-hub-signature")]),
    dict(payload="gitea/push.json", envelope="gitea/push.apigw.json", client=GITEA,
         request=("VdZ4cQ1XliAEa1Q=", 1795171321806, "1-673dcdf9-3c4d5e6f708192a3b4c5d6e7"),
         delivery="x-gitea-delivery", headers=gitea_headers("1126d03a-d2e1-401a-bf83-0148289b2c2a", "push"),
         sign=gitea_signers()),
    dict(payload="gitea/push.json", envelope="gitea/push.form.apigw.json", client=GITEA, form=True, signs="payload",
         request=("VdZ5hLwmliAEb7w=", 1795171328115, "1-673dce00-8f9e0d1c2b3a49586776a5b4"),
         delivery="x-gitea-delivery", headers=gitea_headers("a4fcff60-fcbd-474f-8717-31d9f85f46c1", "push"),
         sign=gitea_signers()),
    dict(payload="gitea/push.json", envelope="gitea/push.forgejo.apigw.json", client=GITEA,
         request=("VdZ6GkRWliAEc2A=", 1795171335470, "1-673dce07-0a1b2c3d4e5f60718293a4b5"),
         delivery="x-forgejo-delivery",
         headers=gitea_headers("6fec49ca-e31d-4cd3-8cb3-f2e795983c1d", "push", forgejo=True),
         sign=gitea_signers(forgejo=True)),
    dict(payload="gitea/workflow_run.json", envelope="gitea/workflow_run.apigw.json", client=GITEA,
         request=("VdZ9pN3QliAEd4g=", 1795171477913, "1-673dce95-5e4f3a2b1c0d9e8f7a6b5c4d"),
         delivery="x-gitea-delivery", headers=gitea_headers("68018f0f-1a5e-4bc8-ab30-122b31b0fc2c", "workflow_run"),
         sign=gitea_signers()),
    dict(payload="gitea/status.json", envelope="gitea/status.apigw.json", client=GITEA,
         request=("VdZ9qBnRliAEe0Q=", 1795171477288, "1-673dce95-1f2e3d4c5b6a79880716253a"),
         delivery="x-gitea-delivery", headers=gitea_headers("88ac71e2-e911-4b1b-9396-fdd22b78aa4e", "status"),
         sign=gitea_signers()),
    dict(payload="gogs/push.json", envelope="gogs/push.apigw.json", client=GOGS,
         request=("VdaBs0YHliAEf5Q=", 1795171520644, "1-673dcec0-6a7b8c9d0e1f2a3b4c5d6e7f"),
         delivery="x-gogs-delivery",
         headers={"accept-encoding": "gzip", "accept": None, "x-github-delivery": "65c7ae2d-0305-49a8-97c4-c9641f419219",
                  "x-github-event": "push", "x-gogs-delivery": "65c7ae2d-0305-49a8-97c4-c9641f419219",
                  "x-gogs-event": "push"},
         sign=[bare_hex("x-gogs-signature")]),
    dict(payload="gitflic/branch_update.json", envelope="gitflic/branch_update.apigw.json", client=GITFLIC,
         request=("VdaD1xTeliAEg6w=", 1795171611032, "1-673dcf1b-7b8c9d0e1f2a3b4c5d6e7f80"),
         delivery=None, headers={"accept": None}, sign=[Verbatim("gitflic-webhook-secret")]),
    dict(payload="gitflic/pipeline_success.json", envelope="gitflic/pipeline_success.apigw.json", client=GITFLIC,
         request=("VdaFm2bLliAEh8A=", 1795171762519, "1-673dcfb2-8c9d0e1f2a3b4c5d6e7f8091"),
         delivery=None, headers={"accept": None}, sign=[Verbatim("gitflic-webhook-secret")]),
    dict(payload="gitflic/test_webhook.json", envelope="gitflic/test_webhook.apigw.json", client=GITFLIC,
         request=("VdaAaQJpliAEi9Q=", 1795171440377, "1-673dce70-9d0e1f2a3b4c5d6e7f8091a2"),
         delivery=None, headers={"accept": None}, sign=[Verbatim("gitflic-webhook-secret")]),
    dict(payload="gitlab/push.json", envelope="gitlab/push.apigw.json", client=GITLAB,
         request=("VdbKq7NcliAEj2Q=", 1795169733204, "1-673dc7c5-4d5e6f708192a3b4c5d6e7f8"),
         delivery="idempotency-key",
         headers=gitlab_headers("c1e7a3f9-5b2d-4e8a-9c6f-0d3b7a1e5c92", "8e2f6b0a-4c9d-4a1e-b7f3-5d0c2a9e6b14", "Push Hook"),
         sign=[Verbatim("x-gitlab-token")]),
    dict(payload="gitlab/push.json", envelope="gitlab/push.whsec.apigw.json", client=GITLAB,
         request=("VdbKr1xPliAEk3w=", 1795169733518, "1-673dc7c5-5e6f708192a3b4c5d6e7f809"),
         delivery="idempotency-key",
         headers={**gitlab_headers("4a9d2e7c-1f6b-4c3a-8e5d-7b0f9c2a6e31", "2c7e1a5f-9b3d-4f8e-a6c0-1d4b8e2f7a53",
                                   "Push Hook"),
                  "webhook-id": "4a9d2e7c-1f6b-4c3a-8e5d-7b0f9c2a6e31", "webhook-timestamp": "1795169733"},
         sign=[StandardWebhooks(secret=GITLAB_SIGNING_TOKEN)]),
    dict(payload="gitlab/tag_push.json", envelope="gitlab/tag_push.apigw.json", client=GITLAB,
         request=("VdbLc4HjliAEl5A=", 1795169741077, "1-673dc7cd-6f708192a3b4c5d6e7f8091a"),
         delivery="idempotency-key",
         headers=gitlab_headers("f3b8d1a6-2e9c-4b7f-a0d5-8c1e6f3a9b24", "5d1a8c3e-7f2b-4e9a-b6d0-3c8f1e5a2d67",
                                "Tag Push Hook"),
         sign=[Verbatim("x-gitlab-token")]),
    dict(payload="gitlab/pipeline.json", envelope="gitlab/pipeline.apigw.json", client=GITLAB,
         request=("VdbO8tWaliAEm6g=", 1795169883391, "1-673dc85b-708192a3b4c5d6e7f8091a2b"),
         delivery="idempotency-key",
         headers=gitlab_headers("9e4c7b2a-6d1f-4a8e-b3c5-2f7d0a9e4b18", "1b6e3d9a-5c2f-4e7b-8a0d-6f9c2e1b5a43",
                                "Pipeline Hook"),
         sign=[Verbatim("x-gitlab-token")]),
    dict(payload="bitbucket/repo_push.json", envelope="bitbucket/repo_push.apigw.json", client=BITBUCKET,
         request=("VdbQ2mYtliAEn7Q=", 1795169732851, "1-673dc7c4-8192a3b4c5d6e7f8091a2b3c"),
         delivery="x-request-uuid", headers=bitbucket_headers("5a8e2c1f-3b7d-4e9a-8c6f-0d2b4a7e9c13", "repo:push"),
         sign=[sha256_prefixed("x-hub-signature")]),
    dict(payload="bitbucket/commit_status_updated.json", envelope="bitbucket/commit_status_updated.apigw.json",
         client=BITBUCKET, request=("VdbS7fLuliAEo8w=", 1795169882104, "1-673dc85a-92a3b4c5d6e7f8091a2b3c4d"),
         delivery="x-request-uuid",
         headers=bitbucket_headers("e2c9a4f7-6b1d-4e3a-9f8c-5d0b2e7a1c64", "repo:commit_status_updated"),
         sign=[sha256_prefixed("x-hub-signature")]),
    dict(payload="bitbucket-server/refs_changed.json", envelope="bitbucket-server/refs_changed.apigw.json",
         client=BITBUCKET_SERVER, request=("VdbU4kQbliAEp9A=", 1795169732466, "1-673dc7c4-a3b4c5d6e7f8091a2b3c4d5e"),
         delivery="x-request-id", headers=bitbucket_server_headers("9b1f3d5a-7c2e-4a8b-9d0f-1e3c5a7b9d24", "repo:refs_changed"),
         sign=[sha256_prefixed("x-hub-signature")]),
    dict(payload="bitbucket-server/diagnostics_ping.json", envelope="bitbucket-server/diagnostics_ping.apigw.json",
         client=BITBUCKET_SERVER, request=("VdbT0hZcliAEq0Q=", 1795168722913, "1-673dc3b2-b4c5d6e7f8091a2b3c4d5e6f"),
         delivery="x-request-id", headers=bitbucket_server_headers("3c7a1e9f-5d2b-4f6a-8e0c-9b4d2f7a1e58", "diagnostics:ping"),
         sign=[sha256_prefixed("x-hub-signature")]),
    dict(payload="azure-devops/git_push.json", envelope="azure-devops/git_push.apigw.json", client=AZURE_DEVOPS,
         request=("VdbW6pRdliAEr1g=", 1795169733871, "1-673dc7c5-c5d6e7f8091a2b3c4d5e6f70"),
         delivery=None, headers={"content-type": "application/json; charset=utf-8"},
         sign=[BasicAuth("gitbridge")]),
    dict(payload="azure-devops/build_complete.json", envelope="azure-devops/build_complete.apigw.json",
         client=AZURE_DEVOPS, request=("VdbY9sTeliAEs2w=", 1795169882930, "1-673dc85a-d6e7f8091a2b3c4d5e6f7081"),
         delivery=None, headers={"content-type": "application/json; charset=utf-8"},
         sign=[BasicAuth("gitbridge")]),
    dict(payload="azure-devops/build_complete_legacy.json", envelope="azure-devops/build_complete_legacy.apigw.json",
         client=AZURE_DEVOPS, request=("VdbZ3vUfliAEt3A=", 1795169882447, "1-673dc85a-e7f8091a2b3c4d5e6f708192"),
         delivery=None, headers={"content-type": "application/json; charset=utf-8"},
         sign=[BasicAuth("gitbridge")]),
]

SQS_FROM = "github/push.apigw.json"   # the accepted delivery that sqs/sync.json carries
SQS_QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:gitbridge-SyncQueue-Ab12Cd34Ef56.fifo"
SQS_MESSAGE_ID = "059f36b4-87a3-44ab-83d2-661975830a7d"
SQS_RECEIPT_HANDLE = ("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a8M3kKd9fBnqHc4pFsPcN8yZ2dU0t7EaW5QvJxR"
                      "kYlTqG1oM9bVh3Xr6sDfL2nAe8CzI4uOyK0wPjS7gHtN5mBiFx1vRcQ9lZa3Ek6Ud2Ws8Yo=")
SQS_SENDER_ID = "AROA4EXAMPLEROLEID01:gitbridge-ReceiverFunction-Ab12Cd34Ef56"
SQS_SEQUENCE_NUMBER = "18890123456789012345"


# ---- Generation. ---------------------------------------------------------------------------------------------------

def api_gateway_time(epoch_ms):
    t = datetime.datetime.fromtimestamp(epoch_ms / 1000, datetime.timezone.utc)
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


def request_body(entry):
    """The exact bytes the provider sends for this entry."""
    payload = pathlib.Path(entry["payload"]).read_bytes()
    if entry.get("form"):
        return urllib.parse.urlencode({"payload": payload.decode("utf-8")}).encode("ascii")
    return payload


def signed_bytes(entry, body):
    """The bytes the provider signs: the request body, or the JSON inside the form (entry signs="payload")."""
    if entry.get("signs") == "payload":
        return urllib.parse.parse_qs(body.decode("ascii"), strict_parsing=True)["payload"][0].encode("utf-8")
    return body


def signed_headers(entry, body):
    user_agent, source_ip = entry["client"]
    _, _, trace = entry["request"]
    headers = {
        "accept": "*/*",
        "content-length": str(len(body)),
        "content-type": "application/x-www-form-urlencoded" if entry.get("form") else "application/json",
        "host": DOMAIN,
        "user-agent": user_agent,
        "x-amzn-trace-id": f"Root={trace}",
        "x-forwarded-for": source_ip,
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
    }
    headers.update(entry["headers"])
    for signer in entry["sign"]:
        headers.update(signer.sign(signed_bytes(entry, body), headers))
    return {name: headers[name] for name in sorted(headers) if headers[name] is not None}


def envelope(entry):
    body = request_body(entry)
    user_agent, source_ip = entry["client"]
    request_id, epoch_ms, _ = entry["request"]
    encoded = bool(entry.get("form"))
    route_key, path = route_of(entry)
    result = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": "",
        "headers": signed_headers(entry, body),
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": API_ID,
            "domainName": DOMAIN,
            "domainPrefix": API_ID,
            "http": {
                "method": "POST",
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": user_agent or "",
            },
            "requestId": request_id,
            "routeKey": route_key,
            "stage": "$default",
            "time": api_gateway_time(epoch_ms),
            "timeEpoch": epoch_ms,
        },
        "pathParameters": {"hookId": HOOK_ID},
        "isBase64Encoded": encoded,
        # The exact request bytes (JSON payloads: UTF-8, pretty-printed, trailing newline): the signature covers them.
        "body": base64.b64encode(body).decode("ascii") if encoded else body.decode("utf-8"),
    }
    if entry.get("app"):
        # API Gateway passes no path parameters to a route that has none.
        del result["pathParameters"]
    return result


def route_of(entry):
    """The route key and path of an envelope: the hook's webhook, or the GitHub App's."""
    return (APP_ROUTE_KEY, APP_PATH) if entry.get("app") else (ROUTE_KEY, PATH)


def entry_for(envelope_file):
    return next(e for e in ENVELOPES if e["envelope"] == envelope_file)


def sqs_event():
    entry = entry_for(SQS_FROM)
    delivery = entry["headers"][entry["delivery"]]
    _, epoch_ms, _ = entry["request"]
    push = json.loads(pathlib.Path(entry["payload"]).read_bytes())
    # Same field order and compact form as SyncRequestCodec.encode.
    body = json.dumps({"hookId": HOOK_ID, "deliveryId": delivery, "commit": push["after"],
                       "ref": push["ref"]}, separators=(",", ":"))
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


# ---- The hooks function (admin API) behind API Gateway's authorizers. ---------------------------------------------
# Each entry: the event file, the route (method and template as in template.yaml), its path parameters, the query
# string, the JSON body (or None), the authorizer ("iam": an operator's SigV4 request; "jwt": a project
# administrator's bearer JWT), and the API Gateway request (id, epoch ms). API Gateway has checked the signature or
# the token before the function runs, so the Authorization values here are well-formed placeholders.
OPERATOR_ROLE = "gitbridge-operator"
OPERATOR_SESSION = "operator@example.com"
OPERATOR_ROLE_ID = "AROA4EXAMPLEOPERATOR1"
OPERATOR_ACCESS_KEY = "ASIA4EXAMPLEACCESSKY"
OPERATOR_SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE-session-token-for-the-fixtures-only"
JWT_ISSUER = "https://id.platform.example/realms/platform"
JWT_AUDIENCE = "gitbridge"
JWT_SUBJECT = "6d3f1c2a-8b4e-4f7a-9c0d-2e5b7a1f3c88"
JWT_PROJECTS_CLAIM = "gitbridge_projects"
# Real hook ids never look like this one (HookIds: hk_ + 26 of a-z2-7), as with HOOK_ID above.
EXAMPLE_HOOK = {"project": "demo", "provider": "github", "sourceRepo": "https://github.com/acme/app.git",
                "branch": "main", "events": {"push": True, "ci": False},
                "secret": SECRET, "buildRepo": "https://git.platform.example/builds/demo.git"}
ADMIN_EVENTS = [
    {"event": "hooks/list_hooks.iam.json", "route": ("GET", "/hooks"), "path": {}, "query": "limit=20",
     "body": None, "auth": "iam", "request": ("Vf3Kx2jwliAEJqA=", 1795169101250)},
    {"event": "hooks/create_hook.iam.json", "route": ("POST", "/hooks"), "path": {}, "query": "",
     "body": EXAMPLE_HOOK, "auth": "iam", "request": ("Vf3L0hKPliAEJsQ=", 1795169104811)},
    {"event": "hooks/get_hook.iam.json", "route": ("GET", "/hooks/{id}"), "path": {"id": HOOK_ID}, "query": "",
     "body": None, "auth": "iam", "request": ("Vf3L4aCeliAEJuw=", 1795169108433)},
    {"event": "hooks/get_project_hook.jwt.json", "route": ("GET", "/projects/{project}/hook"),
     "path": {"project": "demo"}, "query": "", "body": None, "auth": "jwt", "request": ("Vf3MCfG9liAEJxg=", 1795169115902)},
    {"event": "hooks/create_project_hook.jwt.json", "route": ("POST", "/projects/{project}/hook"),
     "path": {"project": "demo"}, "query": "", "body": EXAMPLE_HOOK, "auth": "jwt",
     "request": ("Vf3MHt0qliAEJzA=", 1795169121377)},
]


def admin_path(entry):
    path = entry["route"][1]
    for name, value in entry["path"].items():
        path = path.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
    return path


def admin_event(entry):
    method, template = entry["route"]
    request_id, epoch_ms = entry["request"]
    route_key = f"{method} {template}"
    path = admin_path(entry)
    body = None if entry["body"] is None else json.dumps(entry["body"], separators=(",", ":"))
    date = datetime.datetime.fromtimestamp(epoch_ms / 1000, datetime.timezone.utc)
    headers = {"accept": "application/json", "host": DOMAIN}
    if entry["auth"] == "iam":
        user_agent = "curl/8.5.0"
        amz_date = date.strftime("%Y%m%dT%H%M%SZ")
        signed = "host;x-amz-date;x-amz-security-token" + (";content-type" if body else "")
        headers.update({
            "authorization": f"AWS4-HMAC-SHA256 Credential={OPERATOR_ACCESS_KEY}/{date.strftime('%Y%m%d')}/{REGION}"
                             f"/execute-api/aws4_request, SignedHeaders={';'.join(sorted(signed.split(';')))}, "
                             f"Signature={hashlib.sha256(request_id.encode()).hexdigest()}",
            "x-amz-date": amz_date,
            "x-amz-security-token": OPERATOR_SESSION_TOKEN,
        })
        authorizer = {"iam": {
            "accessKey": OPERATOR_ACCESS_KEY,
            "accountId": ACCOUNT,
            "callerId": f"{OPERATOR_ROLE_ID}:{OPERATOR_SESSION}",
            "cognitoIdentity": None,
            "principalOrgId": None,
            "userArn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{OPERATOR_ROLE}/{OPERATOR_SESSION}",
            "userId": f"{OPERATOR_ROLE_ID}:{OPERATOR_SESSION}",
        }}
    else:
        user_agent = "platform-console/2.4"
        headers["authorization"] = "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUifQ.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl"
        iat = epoch_ms // 1000 - 120
        # API Gateway hands every claim over as a string; an array claim ["demo"] arrives as "[demo]".
        authorizer = {"jwt": {
            "claims": {"aud": JWT_AUDIENCE, "exp": str(iat + 3600), "iat": str(iat), "iss": JWT_ISSUER,
                       "sub": JWT_SUBJECT, "scope": "openid gitbridge", JWT_PROJECTS_CLAIM: "[demo]"},
            "scopes": ["openid", "gitbridge"],
        }}
    headers["user-agent"] = user_agent
    if body:
        headers["content-type"] = "application/json"
        headers["content-length"] = str(len(body.encode("utf-8")))
    headers.update({"x-amzn-trace-id": f"Root=1-{epoch_ms // 1000:08x}-{hashlib.sha1(request_id.encode()).hexdigest()[:24]}",
                    "x-forwarded-for": "198.51.100.10", "x-forwarded-port": "443", "x-forwarded-proto": "https"})
    event = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": entry["query"],
        "headers": dict(sorted(headers.items())),
    }
    if entry["query"]:
        event["queryStringParameters"] = dict(urllib.parse.parse_qsl(entry["query"], strict_parsing=True))
    event["requestContext"] = {
        "accountId": ACCOUNT,
        "apiId": API_ID,
        "authorizer": authorizer,
        "domainName": DOMAIN,
        "domainPrefix": API_ID,
        "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "198.51.100.10",
                 "userAgent": user_agent},
        "requestId": request_id,
        "routeKey": route_key,
        "stage": "$default",
        "time": api_gateway_time(epoch_ms),
        "timeEpoch": epoch_ms,
    }
    if entry["path"]:
        event["pathParameters"] = dict(entry["path"])
    event["isBase64Encoded"] = False
    if body is not None:
        event["body"] = body
    return event


def render(document):
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def generated():
    """Every generated file, path -> bytes, from the payload files on disk."""
    files = {e["envelope"]: render(envelope(e)) for e in ENVELOPES}
    files["sqs/sync.json"] = render(sqs_event())
    files.update({e["event"]: render(admin_event(e)) for e in ADMIN_EVENTS})
    return files


# ---- Checks. -------------------------------------------------------------------------------------------------------

problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)


SHA = re.compile(r"[0-9a-f]{40}")
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check_github(documents):
    push = documents["github/push.json"]
    run = documents["github/workflow_run.json"]["workflow_run"]
    expect(SHA.fullmatch(push["before"]) and SHA.fullmatch(push["after"]), "push: before/after must be 40-hex")
    expect(push["head_commit"]["id"] == push["after"] == push["commits"][-1]["id"], "push: head_commit is not after")
    expect(SHA.fullmatch(run["head_sha"]) and run["head_sha"] != push["after"],
           "workflow_run: head_sha must be a 40-hex sha other than push.after")
    expect(documents["github/ping.json"]["hook_id"] == int(GITHUB_HOOK_ID), "ping: hook_id")
    for e in ENVELOPES:
        if e["envelope"].startswith("github/"):
            expect(GUID.fullmatch(e["headers"]["x-github-delivery"]), f"{e['envelope']}: x-github-delivery is not a GUID")


def check_gitea(documents):
    push = documents["gitea/push.json"]
    run = documents["gitea/workflow_run.json"]
    status = documents["gitea/status.json"]
    expect(push["ref"] == "refs/heads/main" and SHA.fullmatch(push["before"]) and SHA.fullmatch(push["after"]),
           "gitea push: ref must be main, before/after 40-hex")
    expect(push["head_commit"]["id"] == push["after"] == push["commits"][-1]["id"], "gitea push: head_commit is not after")
    expect(run["action"] == "completed" and run["workflow_run"]["conclusion"] == "success"
           and run["workflow_run"]["head_branch"] == "main", "gitea workflow_run: must be a completed success on main")
    expect(SHA.fullmatch(run["workflow_run"]["head_sha"]) and run["workflow_run"]["head_sha"] != push["after"],
           "gitea workflow_run: head_sha must be a 40-hex sha other than push.after")
    expect(status["state"] == "success" and SHA.fullmatch(status["sha"]) and status["commit"]["id"] == status["sha"],
           "gitea status: must be a success for a 40-hex sha")
    expect("branches" not in status, "gitea status: Gitea's payload has no branches[]")
    for e in ENVELOPES:
        if e["envelope"].startswith("gitea/"):
            expect(GUID.fullmatch(e["headers"][e["delivery"]]), f"{e['envelope']}: delivery id is not a UUID")


def check_gogs(documents):
    push = documents["gogs/push.json"]
    expect(push["ref"] == "refs/heads/main" and SHA.fullmatch(push["before"]) and SHA.fullmatch(push["after"]),
           "gogs push: ref must be main, before/after 40-hex")
    expect(push["commits"][-1]["id"] == push["after"], "gogs push: last commit is not after")


def check_gitflic(documents):
    update = documents["gitflic/branch_update.json"]
    pipeline = documents["gitflic/pipeline_success.json"]
    ping = documents["gitflic/test_webhook.json"]
    expect(update["action"] == "BRANCH_UPDATE" and update["push"]["ref"] == "refs/heads/main"
           and SHA.fullmatch(update["push"]["after"]), "gitflic branch_update: must push a 40-hex after to main")
    expect(pipeline["action"] == "PIPELINE_SUCCESS" and pipeline["pipeline"]["ref"] == "main"
           and SHA.fullmatch(pipeline["pipeline"]["commit_id"])
           and pipeline["pipeline"]["commit_id"] != update["push"]["after"],
           "gitflic pipeline_success: must be on main for a 40-hex commit other than the push's")
    expect(ping == {"action": "TEST_WEBHOOK", "project_id": update["project_id"]},
           "gitflic test_webhook: must be GitFlic's documented two-field body")



def check_gitlab(documents):
    push = documents["gitlab/push.json"]
    tag = documents["gitlab/tag_push.json"]
    pipeline = documents["gitlab/pipeline.json"]["object_attributes"]
    expect(push["object_kind"] == "push" and push["ref"] == "refs/heads/main" and SHA.fullmatch(push["before"])
           and push["after"] == push["checkout_sha"] == push["commits"][-1]["id"] and SHA.fullmatch(push["after"]),
           "gitlab push: must push a 40-hex after (= checkout_sha = last commit) to main")
    expect(tag["object_kind"] == "tag_push" and tag["ref"].startswith("refs/tags/")
           and tag["before"] == "0" * 40, "gitlab tag_push: must create a tag")
    expect(pipeline["status"] == "success" and pipeline["ref"] == "main" and pipeline["tag"] is False
           and SHA.fullmatch(pipeline["sha"]) and pipeline["sha"] != push["after"],
           "gitlab pipeline: must be a success on branch main for a 40-hex sha other than push.after")
    for e in ENVELOPES:
        if e["envelope"].startswith("gitlab/"):
            expect(GUID.fullmatch(e["headers"]["idempotency-key"]), f"{e['envelope']}: Idempotency-Key is not a UUID")
            if "webhook-id" in e["headers"]:
                expect(e["headers"]["webhook-id"] == e["headers"]["idempotency-key"],
                       f"{e['envelope']}: webhook-id must equal Idempotency-Key, as GitLab sends them")
                expect(e["headers"]["webhook-timestamp"] == str(e["request"][1] // 1000),
                       f"{e['envelope']}: webhook-timestamp must be the arrival second")


def check_bitbucket(documents):
    change = documents["bitbucket/repo_push.json"]["push"]["changes"][0]
    status = documents["bitbucket/commit_status_updated.json"]["commit_status"]
    pushed = change["new"]["target"]["hash"]
    expect(change["new"]["type"] == "branch" and change["new"]["name"] == "main" and SHA.fullmatch(pushed)
           and change["commits"][0]["hash"] == pushed and not change["closed"],
           "bitbucket repo_push: must move branch main to a 40-hex hash (= first commit)")
    expect(status["state"] == "SUCCESSFUL" and status["refname"] == "main" and SHA.fullmatch(status["commit"]["hash"])
           and status["commit"]["hash"] != pushed and status["links"]["commit"]["href"].endswith(status["commit"]["hash"]),
           "bitbucket commit_status_updated: must be SUCCESSFUL on main for a 40-hex commit other than the push's")


def check_bitbucket_server(documents):
    change = documents["bitbucket-server/refs_changed.json"]["changes"][0]
    expect(change["ref"]["id"] == change["refId"] == "refs/heads/main" and change["ref"]["type"] == "BRANCH"
           and change["type"] == "UPDATE" and SHA.fullmatch(change["fromHash"]) and SHA.fullmatch(change["toHash"]),
           "bitbucket-server refs_changed: must update refs/heads/main to a 40-hex toHash")
    expect(documents["bitbucket-server/diagnostics_ping.json"] == {"test": True},
           "bitbucket-server diagnostics_ping: the test connection body is {\"test\": true}")


def check_azure_devops(documents):
    push = documents["azure-devops/git_push.json"]
    build = documents["azure-devops/build_complete.json"]
    legacy = documents["azure-devops/build_complete_legacy.json"]
    update = push["resource"]["refUpdates"][0]
    expect(push["eventType"] == "git.push" and update["name"] == "refs/heads/main" and SHA.fullmatch(update["newObjectId"])
           and push["resource"]["commits"][0]["commitId"] == update["newObjectId"],
           "azure-devops git_push: must move refs/heads/main to a 40-hex commit (= first commit)")
    resource = build["resource"]
    expect(build["eventType"] == "build.complete" and resource["status"] == "completed"
           and resource["result"] == "succeeded" and resource["sourceBranch"] == "refs/heads/main"
           and SHA.fullmatch(resource["sourceVersion"]) and resource["sourceVersion"] != update["newObjectId"],
           "azure-devops build_complete: must be a succeeded build of main for a 40-hex commit other than the push's")
    version = legacy["resource"]["sourceGetVersion"]
    expect(legacy["eventType"] == "build.complete" and legacy["resource"]["status"] == "succeeded"
           and "result" not in legacy["resource"] and version.startswith("LG:refs/heads/main:")
           and SHA.fullmatch(version.rsplit(":", 1)[1]),
           "azure-devops build_complete_legacy: must be the XAML-era succeeded shape with LG:refs/heads/main:<sha>")
    ids = [push["id"], build["id"], legacy["id"]]
    expect(all(GUID.fullmatch(i) for i in ids) and len(set(ids)) == 3,
           "azure-devops: each body id (the delivery id) must be a distinct GUID")


# Payload consistency checks per provider directory, run when the directory has envelopes.
PAYLOAD_CHECKS = {"github": check_github, "gitea": check_gitea, "gogs": check_gogs, "gitflic": check_gitflic,
                  "gitlab": check_gitlab, "bitbucket": check_bitbucket, "bitbucket-server": check_bitbucket_server,
                  "azure-devops": check_azure_devops}


def alternative_bodies(entry, body):
    """Bytes a careless receiver might verify instead of the signed ones: the signature must not verify over them."""
    payload = pathlib.Path(entry["payload"]).read_bytes()
    alternatives = [json.dumps(json.loads(payload)).encode("utf-8")]
    if entry.get("form"):
        alternatives.append(body if entry.get("signs") == "payload" else payload)
    return alternatives


def check_envelope(entry, env, seen_deliveries):
    name = entry["envelope"]
    headers = env["headers"]
    expect(all(h == h.lower() for h in headers), f"{name}: header names must be lower case")
    if env["isBase64Encoded"]:
        body = base64.b64decode(env["body"], validate=True)
        expect(entry.get("form"), f"{name}: only form bodies are base64-encoded")
    else:
        body = env["body"].encode("utf-8")
        expect(not entry.get("form"), f"{name}: a form body must be base64-encoded (API Gateway does)")
    expect(body == request_body(entry), f"{name}: body differs from {entry['payload']}")
    payload = (urllib.parse.parse_qs(body.decode("ascii"), strict_parsing=True)["payload"][0].encode("utf-8")
               if entry.get("form") else body)
    expect(json.loads(payload) is not None, f"{name}: payload is not JSON")
    expect(headers["content-length"] == str(len(body)), f"{name}: content-length is not the body length")
    for key, value in entry["headers"].items():
        expect(headers.get(key) == value, f"{name}: header {key} is not {value!r}")
    signed = payload if entry.get("signs") == "payload" else body
    for signer in entry["sign"]:
        for header, value in signer.sign(signed, headers).items():
            expect(header in headers and hmac.compare_digest(headers[header], value),
                   f"{name}: {header} does not verify over the {'payload' if signed is payload else 'body'}")
            if signer.covers_body:
                for other in alternative_bodies(entry, body):
                    expect(not hmac.compare_digest(headers[header], signer.sign(other, headers)[header]),
                           f"{name}: {header} also verifies over a re-serialised or decoded body "
                           f"(the fixture must catch that)")
    if entry["delivery"] is not None:
        delivery = headers.get(entry["delivery"])
        expect(delivery, f"{name}: no delivery id in {entry['delivery']}")
        expect(delivery not in seen_deliveries, f"{name}: delivery id {delivery} is reused")
        seen_deliveries.add(delivery)
    route_key, path = route_of(entry)
    expect(env["routeKey"] == route_key and env["requestContext"]["routeKey"] == route_key, f"{name}: routeKey")
    expect(env["rawPath"] == env["requestContext"]["http"]["path"] == path, f"{name}: path")
    expect(env.get("pathParameters") == (None if entry.get("app") else {"hookId": HOOK_ID}), f"{name}: pathParameters")
    expect(env["requestContext"]["http"]["method"] == "POST", f"{name}: method")
    expect(env["requestContext"]["stage"] == "$default", f"{name}: stage")


def check():
    # The HMAC code against GitHub's published test vector.
    vector = hmac.new(b"It's a Secret to Everybody", b"Hello, World!", hashlib.sha256).hexdigest()
    expect(vector == "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
           "HMAC-SHA256 does not reproduce GitHub's test vector")
    # The Standard Webhooks signer against the example in the Standard Webhooks specification.
    vector = StandardWebhooks(secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign(
        b'{"test": 2432232314}', {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330"})
    expect(vector == {"webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="},
           "StandardWebhooks does not reproduce the Standard Webhooks specification's example")

    documents = {}
    for path in sorted(pathlib.Path(".").rglob("*.json")):
        try:
            documents[str(path)] = json.loads(path.read_bytes())
        except ValueError as e:
            problems.append(f"{path}: not JSON: {e}")

    # Envelopes: checked on their own terms (body bytes, signatures recomputed from the body they carry).
    seen_deliveries = set()
    request_ids = set()
    for entry in ENVELOPES:
        env = documents.get(entry["envelope"])
        if env is None:
            problems.append(f"{entry['envelope']}: missing")
            continue
        try:
            check_envelope(entry, env, seen_deliveries)
        except (KeyError, ValueError, TypeError) as e:
            problems.append(f"{entry['envelope']}: malformed envelope: {e!r}")
        expect(entry["request"][0] not in request_ids, f"{entry['envelope']}: API Gateway request id is reused")
        request_ids.add(entry["request"][0])

    providers = {e["envelope"].split("/")[0] for e in ENVELOPES}
    for provider in sorted(providers):
        if provider in PAYLOAD_CHECKS:
            try:
                PAYLOAD_CHECKS[provider](documents)
            except (KeyError, IndexError, TypeError) as e:
                problems.append(f"{provider}: payload field missing: {e!r}")

    # SQS event.
    record = documents["sqs/sync.json"]["Records"][0]
    expect(record["md5OfBody"] == hashlib.md5(record["body"].encode("utf-8")).hexdigest(), "sqs: md5OfBody")
    request = json.loads(record["body"])
    expect(list(request) == ["hookId", "deliveryId", "commit", "ref"], "sqs: body fields")
    expect(request["hookId"] == record["attributes"]["MessageGroupId"] == HOOK_ID, "sqs: MessageGroupId is not the hook id")
    expect(SHA.fullmatch(request["commit"]), "sqs: commit must be 40-hex")
    expect(record["eventSourceARN"].endswith(".fifo"), "sqs: queue must be FIFO")

    # Hooks-function events: routes of template.yaml, path consistent, the authorizer context API Gateway gives.
    template = (pathlib.Path("..") / "template.yaml").read_text(encoding="utf-8")
    for entry in ADMIN_EVENTS:
        name, env = entry["event"], documents.get(entry["event"])
        if env is None:
            problems.append(f"{name}: missing")
            continue
        method, route = entry["route"]
        expect(env["routeKey"] == env["requestContext"]["routeKey"] == f"{method} {route}", f"{name}: routeKey")
        expect(re.search(rf"Method: {method}\s+Path: {re.escape(route)}\s", template) is not None
               or route.startswith("/projects/"), f"{name}: template.yaml has no route {method} {route}")
        expect(env["rawPath"] == env["requestContext"]["http"]["path"] == admin_path(entry), f"{name}: path")
        expect(env.get("pathParameters", {}) == entry["path"], f"{name}: pathParameters")
        authorizer = env["requestContext"]["authorizer"]
        if entry["auth"] == "iam":
            expect(list(authorizer) == ["iam"] and authorizer["iam"]["accountId"] == ACCOUNT, f"{name}: iam authorizer")
            expect(env["headers"]["authorization"].startswith("AWS4-HMAC-SHA256 Credential="), f"{name}: SigV4 header")
            expect(not route.startswith("/projects/"), f"{name}: project routes take a JWT, not IAM")
        else:
            claims = authorizer["jwt"]["claims"]
            expect(list(authorizer) == ["jwt"] and all(isinstance(v, str) for v in claims.values()),
                   f"{name}: API Gateway gives JWT claims as strings")
            expect(entry["path"].get("project", "").lower() in claims[JWT_PROJECTS_CLAIM].strip("[]").lower().split(),
                   f"{name}: the {JWT_PROJECTS_CLAIM} claim does not name the event's project")
            expect(env["headers"]["authorization"].startswith("Bearer "), f"{name}: bearer header")
        if "body" in env:
            expect(env["headers"]["content-length"] == str(len(env["body"].encode("utf-8"))), f"{name}: content-length")
            expect(isinstance(json.loads(env["body"]), dict), f"{name}: body is not a JSON object")

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
print(f"ok: {len(ENVELOPES)} envelopes verify with secret {SECRET!r}; sqs/sync.json consistent; "
      f"{len(ADMIN_EVENTS)} hooks-function events consistent; all JSON parses")
PY
