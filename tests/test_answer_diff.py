"""The answer diff for an edit: which questions change entry, decline or conflict flags between two KBs."""

import json
import subprocess

import pytest
from kbfiles import claim, edit, three_entries, write_kb

from bot.authoring.answerdiff import diff, outcome
from bot.cli import main

SOURCES = {"alpha": ["p1", "p2", "p3"], "beta": ["q1", "q2"]}
ENTRIES = three_entries()
EMAIL = {
    "id": "email-reuse",
    "topic": "e-mail",
    "answer": "What the sources say about reusing the e-mail address.",
    "question": "Can I reuse my e-mail address after closing?",
    "phrasings": [
        "reuse email address",
        "is my email released",
        "same email for a new account",
        "sign up again with my email",
    ],
    "claims": [claim("alpha", "p3", "The e-mail address is released at closure.")],
}
QUESTIONS = [
    "how long does closure take",
    "can I sign up again with the same email",
    "do I need to cancel my open orders",
    "what is a good pizza recipe",
]


def git(folder, *command):
    subprocess.run(["git", "-C", str(folder), *command], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """A git repository holding a small KB, committed; the questions beside it."""
    kb = write_kb(tmp_path / "repo" / "kb", SOURCES, ENTRIES)
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", ".")
    git(tmp_path / "repo", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "kb")
    questions = tmp_path / "questions.txt"
    questions.write_text("\n".join(QUESTIONS), encoding="utf-8")
    return kb, questions


def add_email_entry(kb):
    edit(kb / "entries" / "all.yaml", lambda d: d["entries"].append(EMAIL))


def test_outcome_and_diff_of_reply_dicts():
    answered = {"fallback": False, "entry": {"id": "a"}, "conflicts": [{"id": "y"}, {"id": "x"}]}
    declined = {"fallback": True, "entry": None, "conflicts": []}
    assert outcome(answered) == {"entry": "a", "declined": False, "conflicts": ["x", "y"]}
    changes = diff([{"q": "one"}, {"q": "two", "first": "zero"}], [answered, declined], [answered, answered])
    assert [c.question for c in changes] == ["two"]
    assert changes[0].changed == ["entry", "declined", "conflicts"]
    assert changes[0].to_dict()["first"] == "zero"
    assert "declined -> answered" in changes[0].describe()
    with pytest.raises(ValueError):
        diff([{"q": "one"}], [answered], [])


def test_compare_with_a_git_revision_lists_the_questions_an_edit_moves(capsys, repo):
    kb, questions = repo
    assert main(["--knowledge", str(kb), "eval", str(questions), "--compare", "HEAD"]) == 0
    assert "0 of 4 question(s) change" in capsys.readouterr().out
    add_email_entry(kb)
    assert main(["--knowledge", str(kb), "eval", str(questions), "--compare", "HEAD", "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert [c["q"] for c in changes] == ["can I sign up again with the same email"]
    assert changes[0]["after"]["entry"] == "email-reuse"
    assert changes[0]["before"]["entry"] != "email-reuse"
    assert "entry" in changes[0]["changed"]


def test_compare_with_saved_replies(capsys, repo, tmp_path):
    kb, questions = repo
    assert main(["--knowledge", str(kb), "ask", "--jsonl", str(questions)]) == 0
    saved = tmp_path / "replies.jsonl"
    saved.write_text(capsys.readouterr().out, encoding="utf-8")
    add_email_entry(kb)
    assert main(["--knowledge", str(kb), "eval", str(questions), "--compare", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "'can I sign up again with the same email'" in out and "-> email-reuse" in out
    assert f"1 of 4 question(s) change between the replies in {saved} and the current one." in out


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"fallback": false}\n', "1 replies for 4 questions"),
        ("not json\n", ":1: invalid JSON"),
        ('["a list"]\n', ":1: not a reply"),
    ],
)
def test_saved_replies_are_checked(capsys, repo, tmp_path, content, message):
    kb, questions = repo
    saved = tmp_path / "replies.jsonl"
    saved.write_text(content, encoding="utf-8")
    assert main(["--knowledge", str(kb), "eval", str(questions), "--compare", str(saved)]) == 2
    assert message in capsys.readouterr().err


def test_an_unknown_revision_and_an_invalid_kb_at_the_revision_are_refused(capsys, repo):
    kb, questions = repo
    assert main(["--knowledge", str(kb), "eval", str(questions), "--compare", "no-such-revision"]) == 2
    assert "no such file or git revision" in capsys.readouterr().err
    edit(kb / "entries" / "all.yaml", lambda d: d["entries"][0].pop("answer"))
    git(kb.parent, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "broken")
    add_email_entry(kb)
    edit(kb / "entries" / "all.yaml", lambda d: d["entries"][0].__setitem__("answer", "What the sources say."))
    assert main(["--knowledge", str(kb), "eval", str(questions), "--compare", "HEAD"]) == 2
    err = capsys.readouterr().err
    assert "the knowledge base at HEAD is invalid" in err and "answer" in err
