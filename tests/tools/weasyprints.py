"""Install each WeasyPrint version publish is tested with (publish.compose.seam.TESTED) but the
venv's own into FOLDER/<version>, without dependencies: tests/test_seam.py lays out PDFs with
each in turn. Run by `make test`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from publish.compose.seam import TESTED, VERSION


def main(folder: Path) -> None:
    for version in TESTED:
        where = folder / version
        if version == VERSION or (where / "weasyprint").is_dir():
            continue
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--target",
                str(where),
                f"weasyprint=={version}",
            ],
            check=True,
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
