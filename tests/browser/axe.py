"""The accessibility audit: axe-core (from the npm registry, `make axe`) run inside a page.

`audit(page, name)` injects axe-core, runs it over the whole document (open shadow roots
included) and returns the WCAG 2.1 A/AA violations; best-practice findings are kept in
`FINDINGS` and printed at the end of the test session (see conftest.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BEST_PRACTICE = "best-practice"


@dataclass
class Finding:
    page: str
    rule: str
    impact: str | None
    help: str
    targets: list[str] = field(default_factory=list)

    def line(self) -> str:
        where = "; ".join(self.targets[:4]) + (" …" if len(self.targets) > 4 else "")
        return f"{self.page}: {self.rule} ({self.impact or '-'}) {self.help} [{where}]"


# best-practice findings of the session, printed by the conftest's terminal summary
FINDINGS: list[Finding] = []


@functools.cache
def axe_source() -> str:
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: run `make axe` (npm ci in tests/browser)")
    return AXE_JS.read_text(encoding="utf-8")


def _findings(name: str, items: list[dict[str, Any]]) -> list[Finding]:
    return [
        Finding(
            page=name,
            rule=v["id"],
            impact=v.get("impact"),
            help=v.get("help", ""),
            targets=[" >> ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])],
        )
        for v in items
    ]


def audit(page: Any, name: str) -> list[Finding]:
    """WCAG 2.1 A/AA violations on the page as it is now; best practices go to FINDINGS.

    axe-core is evaluated through the DevTools protocol, so the pages' CSP
    (script-src 'self') does not need loosening for the test.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                nodes: v.nodes.map(n => ({target: n.target})),
            }));
        }""",
        [*WCAG_TAGS, BEST_PRACTICE],
    )
    wcag = [v for v in result if set(v["tags"]) & set(WCAG_TAGS)]
    practice = [v for v in result if not set(v["tags"]) & set(WCAG_TAGS)]
    FINDINGS.extend(_findings(name, practice))
    return _findings(name, wcag)


def assert_accessible(page: Any, name: str) -> None:
    violations = audit(page, name)
    assert not violations, "WCAG 2.1 A/AA violations:\n" + "\n".join(v.line() for v in violations)
