"""The progress bar of long commands: on a terminal only, never with -q, never in a pipe or a file."""

from __future__ import annotations

import io
import pathlib
import sys

from schemerules.cli import main

ROOT = pathlib.Path(__file__).parent.parent
KSF = ROOT / "schemes" / "appliance_retail_ksf.yaml"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def _big(tmp_path, n=20000) -> pathlib.Path:
    rows = (ROOT / "examples" / "appliance_retail_ksf.csv").read_text("utf-8").splitlines()
    lines = [rows[0]] + [",".join([f"E{i:06d}"] + rows[1 + i % 120].split(",")[1:]) for i in range(n)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _run(argv, stderr, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stderr", stderr)
    code = main(argv)
    capsys.readouterr()
    return code, stderr.getvalue()


def test_run_draws_a_bar_with_rate_and_total_on_a_terminal(tmp_path, monkeypatch, capsys):
    data = _big(tmp_path)
    # the scalar engine: the columnar one may finish 20,000 records before tqdm's first redraw (0.25 s)
    code, err = _run(["run", str(KSF), str(data), "-o", str(tmp_path / "o.csv"), "--lang", "zh", "--engine",
                      "scalar"], Terminal(), monkeypatch, capsys)
    assert code == 0
    assert "/20000" in err and "条/s" in err and "计算" in err


def test_no_bar_when_quiet_or_not_a_terminal(tmp_path, monkeypatch, capsys):
    data = _big(tmp_path)
    _, err = _run(["run", str(KSF), str(data), "-q"], Terminal(), monkeypatch, capsys)
    assert "/s" not in err
    _, err = _run(["run", str(KSF), str(data)], io.StringIO(), monkeypatch, capsys)
    assert "/s" not in err


def test_a_staged_scheme_counts_steps(tmp_path, monkeypatch, capsys):
    scheme = ROOT / "schemes" / "ranking_reward.yaml"
    data = ROOT / "examples" / "ranking_reward.csv"
    code, err = _run(["run", str(scheme), str(data), "--lang", "en", "--engine", "scalar"], Terminal(),
                     monkeypatch, capsys)
    assert code in (0, 2) and "steps/s" in err
    # column by column the whole file is one batch: the bar counts its records
    code, err = _run(["run", str(scheme), str(data), "--lang", "en"], Terminal(), monkeypatch, capsys)
    assert code in (0, 2) and "records" in err and "steps" not in err
