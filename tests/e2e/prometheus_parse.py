"""Reads Prometheus's text exposition format on stdin with the Python
client's own parser (Debian's python3-prometheus-client) and prints the
families as JSON: {name: {"type": ..., "samples": [[name, labels, value]]}}.
Run by /usr/bin/python3, whose packages the tests' interpreter may lack;
a line the parser refuses makes it exit 1."""

import json
import sys

from prometheus_client.parser import text_string_to_metric_families

families = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    families[family.name] = {
        "type": family.type,
        "samples": [[s.name, s.labels, s.value] for s in family.samples],
    }
print(json.dumps(families))
