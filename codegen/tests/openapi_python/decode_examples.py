"""Decodes every documented answer of the OpenAPI document with the models of a Python client
generated from it by openapi-python-client, and says which fail.

    PYTHONPATH=DIR python decode_examples.py jdy.json   # DIR holds the generated `jdy_client`

Each operation's documented answer (its 200 response's example) goes through the generated
module's own parsing of a 200 response, as if the server had sent it. Prints one line per
failure, then `decoded N of M documented answers`; exits with 1 if any failed.
"""

import importlib
import json
import sys

import httpx
from jdy_client import Client


def examples(operation):
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    for media in content.values():
        if "example" in media:
            yield media["example"]
        for example in media.get("examples", {}).values():
            if "value" in example:
                yield example["value"]


def main(path):
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    client = Client(base_url="http://127.0.0.1", raise_on_unexpected_status=False)
    decoded, failed = 0, []
    for item in document["paths"].values():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "delete"):
                continue
            tag = operation.get("tags", ["default"])[0]
            name = operation["operationId"]
            for example in examples(operation):
                try:
                    module = importlib.import_module(f"jdy_client.api.{tag}.{name}")
                    response = httpx.Response(200, json=example)
                    module._parse_response(client=client, response=response)
                    decoded += 1
                except Exception as error:  # noqa: BLE001 - every failure is reported
                    failed.append(f"{name}: {type(error).__name__}: {str(error)[:160]}")
    for line in failed:
        print(line)
    print(f"decoded {decoded} of {decoded + len(failed)} documented answers")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
