"""The Kubernetes manifests: secrets by reference, probes on the ops port, one pod per shard."""

from __future__ import annotations

from typing import Any

from tests.deploy.deploy_files import (
    MIN_GRACE_SECONDS,
    SECRET_NAME,
    assert_runs_llmbot,
    config_map,
    container_port,
    containers,
    known_settings,
    manifests,
    of_kind,
    plain_env,
    readme_section,
)


def test_every_manifest_names_its_kind_and_namespace() -> None:
    docs = manifests()
    assert docs
    (namespace,) = of_kind("Namespace")
    for doc in docs:
        assert doc["apiVersion"] and doc["kind"] and doc["metadata"]["name"]
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == namespace["metadata"]["name"]


def test_secrets_are_referenced_never_embedded() -> None:
    assert not of_kind("Secret")
    refs = [
        entry["valueFrom"]["secretKeyRef"]
        for deployment in of_kind("Deployment")
        for container in containers(deployment)
        for entry in container.get("env", [])
        if "secretKeyRef" in entry.get("valueFrom", {})
    ]
    assert refs and {ref["name"] for ref in refs} == {SECRET_NAME}
    assert {"LLMBOT_DATABASE_URL", "DISCORD_TOKEN", "SLACK_BOT_TOKEN"} <= {r["key"] for r in refs}
    readme = readme_section()
    assert all(f"--from-literal={ref['key']}=" in readme for ref in refs)


def test_deployments_probe_the_ops_port_and_allow_a_graceful_stop() -> None:
    ops_port = int(config_map()["LLMBOT_OPS_PORT"])
    config_name = of_kind("ConfigMap")[0]["metadata"]["name"]
    known = known_settings()
    for deployment in of_kind("Deployment"):
        spec = deployment["spec"]
        assert (
            spec["selector"]["matchLabels"].items()
            <= spec["template"]["metadata"]["labels"].items()
        )
        assert spec["template"]["spec"]["terminationGracePeriodSeconds"] >= MIN_GRACE_SECONDS
        for container in containers(deployment):
            assert {ref["configMapRef"]["name"] for ref in container["envFrom"]} == {config_name}
            assert {e["name"] for e in container["env"]} <= known
            assert container_port(container, "ops") == ops_port
            assert container["readinessProbe"]["httpGet"] == {"path": "/healthz", "port": "ops"}
            assert container["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "ops"}
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert set(config_map()) <= known


def discord_deployments() -> list[dict[str, Any]]:
    return [
        d
        for d in of_kind("Deployment")
        if d["metadata"]["labels"]["app.kubernetes.io/component"] == "discord"
    ]


def test_discord_shards_are_each_run_by_exactly_one_pod() -> None:
    deployments = discord_deployments()
    assert len(deployments) >= 2
    counts: set[str] = set()
    shard_ids: list[int] = []
    for deployment in deployments:
        assert deployment["spec"]["replicas"] == 1
        assert deployment["spec"]["strategy"]["type"] == "Recreate"
        (container,) = containers(deployment)
        assert_runs_llmbot(container["args"], {"discord"})
        env = plain_env(container)
        counts.add(env["DISCORD_SHARD_COUNT"])
        shard_ids += [int(s) for s in env["DISCORD_SHARD_IDS"].split(",")]
    (count,) = counts
    assert sorted(shard_ids) == list(range(int(count)))


def test_slack_service_routes_to_the_http_port_of_the_slack_pods() -> None:
    (service,) = of_kind("Service")
    (slack,) = [
        d
        for d in of_kind("Deployment")
        if d["metadata"]["labels"]["app.kubernetes.io/component"] == "slack"
    ]
    (container,) = containers(slack)
    assert_runs_llmbot(container["args"], {"slack"})
    labels = slack["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    assert container_port(container, port["targetPort"]) == int(plain_env(container)["PORT"])
    secret_keys = {e["name"] for e in container["env"] if "valueFrom" in e}
    assert "SLACK_SIGNING_SECRET" in secret_keys and "SLACK_APP_TOKEN" not in secret_keys
