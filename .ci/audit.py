"""Audits the locked requirements with pip-audit; `.ci/run` calls it after installing.

Exit 1 only when a known vulnerability is found. When the vulnerability services (PyPI's,
then OSV's) answer for none or only some of the packages, it says so loudly on stderr: an
audit that could not run must never read as a clean one.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

SERVICES = ("pypi", "osv")


def locked_requirements(folder):
    path = Path(folder) / "requirements.txt"
    exported = subprocess.run(
        ["uv", "export", "--frozen", "--no-hashes", "--no-emit-project", "--all-groups"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path.write_text(exported)
    return path


def audit(requirements, service, folder):
    report = Path(folder) / f"audit-{service}.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(requirements),
            "--no-deps",
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if not report.exists():
        return None, (result.stderr.strip().splitlines() or ["no output"])[-1]
    return json.loads(report.read_text())["dependencies"], ""


def main():
    with tempfile.TemporaryDirectory() as folder:
        requirements = locked_requirements(folder)
        for service in SERVICES:
            dependencies, error = audit(requirements, service, folder)
            if dependencies is None:
                print(f"pip-audit ({service}) did not run: {error}", file=sys.stderr)
                continue
            audited = [d for d in dependencies if "skip_reason" not in d]
            vulnerable = [d for d in audited if d.get("vulns")]
            for dependency in vulnerable:
                for vuln in dependency["vulns"]:
                    fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
                    print(
                        f"VULNERABLE {dependency['name']} {dependency['version']}: "
                        f"{vuln['id']} (fixed in {fixes})"
                    )
            if vulnerable:
                return 1
            if not audited:
                print(
                    f"pip-audit ({service}): the service answered for none of the "
                    f"{len(dependencies)} packages",
                    file=sys.stderr,
                )
                continue
            skipped = [d["name"] for d in dependencies if "skip_reason" in d]
            print(
                f"pip-audit ({service}): no known vulnerabilities in {len(audited)} locked packages"
            )
            if skipped:
                print(
                    f"WARNING: not audited (unknown to {service}): {', '.join(skipped)}",
                    file=sys.stderr,
                )
            return 0
    print(
        "WARNING: THE DEPENDENCY AUDIT COULD NOT RUN (no vulnerability service reachable); "
        "nothing was checked.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
