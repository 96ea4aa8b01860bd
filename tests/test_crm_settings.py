"""Settings of contract v1.1: ``extra.masa.crm_url`` (a link template with ``{id}``) and ``min_sample``."""

from __future__ import annotations

from pathlib import Path

import pytest

from masa_playbook.config import PlaybookConfig, crm_link, load_config


def settings(tmp_path: Path, lines: str) -> tuple[PlaybookConfig, list[str]]:
    (tmp_path / "mkdocs.yml").write_text(f"site_name: T\nextra:\n  masa:\n{lines}", encoding="utf-8")
    config, findings = load_config(tmp_path)
    return config, [f.render() for f in findings]


def test_valid_crm_url_and_min_sample(tmp_path: Path) -> None:
    config, findings = settings(
        tmp_path,
        "    crm_url: https://acme.my.salesforce.com/lightning/r/Campaign/{id}/view\n    min_sample: 5\n",
    )
    assert findings == []
    assert config.crm_url == "https://acme.my.salesforce.com/lightning/r/Campaign/{id}/view"
    assert config.min_sample == 5


def test_defaults(tmp_path: Path) -> None:
    config, findings = settings(tmp_path, "    currency: EUR\n")
    assert findings == []
    assert (config.crm_url, config.min_sample) == (None, 3)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("crm_url: https://crm.example.com/campaigns", "must hold {id} once"),
        ("crm_url: https://crm.example.com/{id}/{id}", "must hold {id} once"),
        ("crm_url: javascript:alert(1)//{id}", "must be a web address starting with https://"),
        ("crm_url: https://{id}.example.com/", "must have {id} after the host name"),
        ("crm_url: https://crm.example.com/{id}?x={y}", "must not hold braces other than {id}"),
        ('crm_url: "https://crm.example.com/{id}\\" onclick=\\"x"', "must not contain spaces, quotes"),
        ("min_sample: 0", "must be 1 or more"),
    ],
)
def test_invalid_settings_are_findings_and_take_their_default(
    tmp_path: Path, line: str, message: str
) -> None:
    config, findings = settings(tmp_path, f"    {line}\n")
    assert len(findings) == 1 and message in findings[0] and findings[0].endswith("[config]"), findings
    assert (config.crm_url, config.min_sample) == (None, 3)


def test_crm_link_encodes_the_id() -> None:
    template = "https://crm.example.com/campaign/{id}/view"
    assert (
        crm_link(template, "701Qy00000IAA26TAK") == "https://crm.example.com/campaign/701Qy00000IAA26TAK/view"
    )
    # An authored id can never leave its place in the address.
    assert crm_link(template, '../x?a=1#"><b>') == (
        "https://crm.example.com/campaign/..%2Fx%3Fa%3D1%23%22%3E%3Cb%3E/view"
    )
    assert crm_link(None, "701") is None and crm_link(template, None) is None
