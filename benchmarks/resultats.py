"""Writing a benchmark's section of benchmarks/RESULTS.md, shared by the benchmark scripts."""

from __future__ import annotations

from pathlib import Path


def remplace_section(fichier: Path, debut: str, fin: str, lignes: list[str]) -> None:
    """Put ``lignes`` (which start with the marker ``debut`` and end with ``fin``) in place of the
    section between those markers of ``fichier``, or at its end; print where."""
    ancien = fichier.read_text(encoding="utf-8") if fichier.exists() else "# Benchmark results\n"
    bloc = "\n".join(lignes)
    if debut in ancien and fin in ancien:
        nouveau = ancien[: ancien.index(debut)] + bloc + ancien[ancien.index(fin) + len(fin):]
    else:
        nouveau = ancien.rstrip("\n") + "\n\n" + bloc + "\n"
    fichier.write_text(nouveau, encoding="utf-8")
    print(f"written: {fichier}")
