"""scipy.stats, which scikit-learn imports but matching never uses, is not loaded, and loads when something uses it."""

import subprocess
import sys

CODE = """
import sys
from bot.cli import build_assistant
build_assistant(None).ask("how long does closing take")
print("scipy.stats._stats_py" in sys.modules)
import scipy.stats
from scipy.stats import rankdata
print(scipy.stats.norm.cdf(0.0), list(rankdata([3, 1])), "scipy.stats._stats_py" in sys.modules)
"""


def test_an_engine_answers_without_loading_scipy_stats_and_it_still_loads_on_use():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "False"
    assert out[1] == "0.5 [np.float64(2.0), np.float64(1.0)] True"


def test_the_service_answers_without_loading_scipy_stats(tmp_path):
    code = f"""
import sys
from bot.cli import build_assistant
from bot.service import create_app
assistant = build_assistant(None)
app = create_app({{"DATABASE": {str(tmp_path / "s.sqlite")!r}, "SECRET_KEY": "x"}}, engine=assistant.engine,
                 instance_path={str(tmp_path)!r})
reply = app.test_client().post("/api/v1/chat", json={{"message": "how long does closing take"}})
print(reply.status_code, "scipy.stats._stats_py" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["200", "False"]
