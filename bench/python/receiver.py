"""The baseline of bench/firstrequest.sh: a receiver in Python 3 + boto3 doing the same work as gitbridge's first
request, in a fresh process: read the API Gateway envelope, GetItem the hook, verify the GitHub HMAC-SHA256 over the
body in constant time, read ref/after from the JSON body, a conditional PutItem of the pending delivery, SendMessage
to the FIFO queue, UpdateItem to confirm it queued. Endpoints come from AWS_ENDPOINT_URL_DYNAMODB/_SQS, which boto3
reads itself. Prints "firstrequest <status> <ms since the interpreter started>"."""
import time
import sys
import os

STARTED = time.time()
try:
    with open("/proc/self/stat") as stat:
        ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/stat") as proc:
        boot = next(int(line.split()[1]) for line in proc if line.startswith("btime"))
    STARTED = boot + ticks / os.sysconf("SC_CLK_TCK")
except OSError:
    pass

import base64
import hashlib
import hmac
import json
import boto3

SECRET = b"gitbridge-example-secret-0123456789"


def main(envelope_path, delivery_id):
    with open(envelope_path, "rb") as f:
        event = json.loads(f.read())
    headers = {k.lower(): v for k, v in event["headers"].items()}
    body = event["body"].encode("utf-8")
    if event.get("isBase64Encoded"):
        body = base64.b64decode(event["body"])
    hook_id = event["pathParameters"]["hookId"]
    region = os.environ["AWS_REGION"]
    dynamodb = boto3.client("dynamodb", region_name=region)
    sqs = boto3.client("sqs", region_name=region)

    hook = dynamodb.get_item(TableName=os.environ["HOOKS_TABLE"], Key={"id": {"S": hook_id}}).get("Item")
    if hook is None:
        return 404
    expected = "sha256=" + hmac.new(hook["secret"]["S"].encode("utf-8"), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, headers.get("x-hub-signature-256", "")):
        return 401
    payload = json.loads(body)
    ref, after = payload["ref"], payload["after"]
    now = int(time.time())
    deliveries = os.environ["DELIVERIES_TABLE"]
    key = {"hookId": {"S": hook_id}, "deliveryId": {"S": delivery_id}}
    try:
        dynamodb.put_item(TableName=deliveries, Item=dict(key, outcome={"S": "pending"}, status={"N": "202"},
                                                          commit={"S": after}, ref={"S": ref},
                                                          expiresAt={"N": str(now + 30 * 86400)}),
                          ConditionExpression="attribute_not_exists(#id) OR #expires < :now OR #outcome = :pending",
                          ExpressionAttributeNames={"#id": "deliveryId", "#expires": "expiresAt",
                                                    "#outcome": "outcome"},
                          ExpressionAttributeValues={":now": {"N": str(now)}, ":pending": {"S": "pending"}})
    except dynamodb.exceptions.ConditionalCheckFailedException:
        return 200
    sqs.send_message(QueueUrl=os.environ["SYNC_QUEUE_URL"], MessageGroupId=hook_id,
                     MessageDeduplicationId=delivery_id,
                     MessageBody=json.dumps({"hookId": hook_id, "deliveryId": delivery_id, "commit": after,
                                             "ref": ref}))
    dynamodb.update_item(TableName=deliveries, Key=key, UpdateExpression="SET #outcome = :queued",
                         ConditionExpression="#outcome = :pending", ExpressionAttributeNames={"#outcome": "outcome"},
                         ExpressionAttributeValues={":queued": {"S": "queued"}, ":pending": {"S": "pending"}})
    return 202


if __name__ == "__main__":
    status = main(sys.argv[1], sys.argv[2])
    print("firstrequest %d %d" % (status, round((time.time() - STARTED) * 1000)))
