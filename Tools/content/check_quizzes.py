#!/usr/bin/env python3
"""Validate the question banks in quizzes/*.yaml.

Checks every bank against docs/content-format.md:
- each file parses as YAML, names a known topic and matches its file name;
- ids are `<topic>-NNN` (case sub-questions `<id>a`, `<id>b`, ...) and unique across all banks;
- type, section (from the chapter table in docs/content-format.md, and, when
  content/chapters/ exists, a `{#id}` heading there), difficulty 1-3, exam tags
  (c01 and c02, each with a "D.T" or "D.T.S" task and a boolean in_scope);
- prompt, explanation and 1-3 hints are present;
- the answer is valid for the type (single: a letter within the choices; multiple: >= 2
  distinct letters; ordering: a permutation of 3-5 choices; matching: prompts 1..n of
  3-7 mapped to letters within `right`; numeric: a number with tolerance and unit;
  short: a string, with optional `accept` strings); case: a scenario and 2-4
  sub-questions.

Usage: python3 Tools/content/check_quizzes.py [REPO_ROOT]
Prints counts per topic and per type; exits 1 if anything is wrong.
"""

import re
import string
import sys
from collections import Counter
from pathlib import Path

import yaml

TYPES = {"single", "multiple", "ordering", "matching", "numeric", "short", "case"}
TASK_RE = re.compile(r"^[1-4]\.[0-9](\.[0-9]+)?$")
ROW_RE = re.compile(r"^\|\s*\d+\s*\|\s*`([a-z0-9-]+)`\s*\|(.*)\|\s*$")


def chapter_table(repo: Path) -> dict:
    """Topic (chapter) id -> set of its section ids, read from docs/content-format.md."""
    table = {}
    doc = repo / "docs" / "content-format.md"
    for line in doc.read_text(encoding="utf-8").splitlines():
        m = ROW_RE.match(line)
        if m:
            table[m.group(1)] = set(re.findall(r"`([a-z0-9-]+)`", m.group(2)))
    return table


def chapter_headings(repo: Path) -> set:
    """Section ids declared as `## Title {#id}` in content/chapters/*.md (empty if none yet)."""
    ids = set()
    for path in sorted((repo / "content" / "chapters").glob("*.md")):
        ids.update(re.findall(r"^##\s.*\{#([a-z0-9-]+)\}\s*$", path.read_text(encoding="utf-8"), re.M))
    return ids


def letters(n: int) -> list:
    return list(string.ascii_uppercase[:n])


class Checker:
    def __init__(self, repo: Path):
        self.repo = repo
        self.table = chapter_table(repo)
        self.sections = set().union(*self.table.values()) if self.table else set()
        self.headings = chapter_headings(repo)
        self.errors = []
        self.ids = {}
        self.per_topic = Counter()
        self.per_type = Counter()
        self.cases = Counter()

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def check_exam(self, where: str, exam) -> None:
        if not isinstance(exam, dict):
            self.err(where, "exam must be a mapping with c01 and c02")
            return
        for key in ("c01", "c02"):
            tag = exam.get(key)
            if not isinstance(tag, dict):
                self.err(where, f"exam.{key} missing")
                continue
            task = tag.get("task")
            if not isinstance(task, str) or not TASK_RE.match(task):
                self.err(where, f'exam.{key}.task must be a string like "2.2" or "2.1.7", got {task!r}')
            if not isinstance(tag.get("in_scope"), bool):
                self.err(where, f"exam.{key}.in_scope must be true or false")

    def check_text(self, where: str, q: dict, key: str) -> None:
        if not isinstance(q.get(key), str) or not q[key].strip():
            self.err(where, f"`{key}` missing or empty")

    def check_choices(self, where: str, q: dict, minimum: int, maximum: int = 26) -> list:
        choices = q.get("choices")
        if not isinstance(choices, list) or not all(isinstance(c, str) and c.strip() for c in choices):
            self.err(where, "`choices` must be a list of non-empty strings")
            return []
        if not minimum <= len(choices) <= maximum:
            self.err(where, f"{len(choices)} choices, expected {minimum}-{maximum}")
        if len(set(choices)) != len(choices):
            self.err(where, "duplicate choices")
        return letters(len(choices))

    def check_answer(self, where: str, q: dict, qtype: str) -> None:
        ans = q.get("answer")
        if qtype == "single":
            valid = self.check_choices(where, q, 3)
            if ans not in valid:
                self.err(where, f"single answer {ans!r} is not a letter within the choices")
        elif qtype == "multiple":
            valid = self.check_choices(where, q, 4)
            if not isinstance(ans, list) or len(ans) < 2:
                self.err(where, "multiple answer must be a list of at least 2 letters")
            elif len(set(ans)) != len(ans) or any(a not in valid for a in ans):
                self.err(where, f"multiple answer {ans!r} has repeats or letters outside the choices")
            elif len(ans) >= len(valid):
                self.err(where, "multiple answer selects every choice")
        elif qtype == "ordering":
            valid = self.check_choices(where, q, 3, 5)
            if not isinstance(ans, list) or sorted(map(str, ans)) != sorted(valid):
                self.err(where, f"ordering answer {ans!r} is not a permutation of {valid}")
        elif qtype == "matching":
            left, right = q.get("left"), q.get("right")
            if not isinstance(left, list) or not 3 <= len(left) <= 7:
                self.err(where, "matching needs `left` with 3-7 prompts")
                return
            if not isinstance(right, list) or len(right) < len(left):
                self.err(where, "matching needs `right` with at least as many options as prompts")
                return
            if len(set(left)) != len(left) or len(set(right)) != len(right):
                self.err(where, "matching has duplicate prompts or options")
            valid = letters(len(right))
            if not isinstance(ans, dict):
                self.err(where, "matching answer must be a mapping prompt number -> letter")
                return
            keys = set()
            for k in ans:
                try:
                    keys.add(int(k))
                except (TypeError, ValueError):
                    self.err(where, f"matching key {k!r} is not a prompt number")
            if keys != set(range(1, len(left) + 1)):
                self.err(where, f"matching answer must map every prompt 1..{len(left)}, got {sorted(keys)}")
            if any(v not in valid for v in ans.values()):
                self.err(where, f"matching answer {ans!r} uses letters outside `right`")
        elif qtype == "numeric":
            if isinstance(ans, bool) or not isinstance(ans, (int, float)):
                self.err(where, f"numeric answer {ans!r} is not a number")
            tol = q.get("tolerance")
            if isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0:
                self.err(where, "numeric needs a non-negative `tolerance`")
            if not isinstance(q.get("unit"), str) or not q["unit"].strip():
                self.err(where, "numeric needs a `unit`")
        elif qtype == "short":
            if not isinstance(ans, str) or not ans.strip():
                self.err(where, "short answer must be a non-empty string")
            accept = q.get("accept", [])
            if not isinstance(accept, list) or not all(isinstance(a, str) and a.strip() for a in accept):
                self.err(where, "`accept` must be a list of strings")

    def register_id(self, where: str, qid) -> None:
        if not isinstance(qid, str):
            self.err(where, "missing id")
            return
        if qid in self.ids:
            self.err(where, f"id {qid} already used in {self.ids[qid]}")
        else:
            self.ids[qid] = where

    def check_question(self, where: str, q: dict, topic: str, parent: dict = None) -> None:
        qid = q.get("id")
        self.register_id(where, qid)
        if parent is None:
            if isinstance(qid, str) and not re.fullmatch(re.escape(topic) + r"-\d{3}", qid):
                self.err(where, f"id {qid!r} is not `{topic}-NNN`")
        else:
            if isinstance(qid, str) and not re.fullmatch(re.escape(parent["id"]) + r"[a-z]", qid):
                self.err(where, f"sub-question id {qid!r} is not `{parent['id']}` plus a letter")
        qtype = q.get("type")
        if qtype not in TYPES:
            self.err(where, f"unknown type {qtype!r}")
            return
        inherited = parent or {}
        section = q.get("section", inherited.get("section"))
        if section not in self.sections:
            self.err(where, f"section {section!r} is not a section id from docs/content-format.md")
        elif self.headings and section not in self.headings:
            self.err(where, f"section {section!r} has no `{{#{section}}}` heading in content/chapters/")
        difficulty = q.get("difficulty", inherited.get("difficulty"))
        if difficulty not in (1, 2, 3):
            self.err(where, f"difficulty {difficulty!r} is not 1, 2 or 3")
        self.check_exam(where, q.get("exam", inherited.get("exam")))

        if qtype == "case":
            if parent is not None:
                self.err(where, "a case cannot contain a case")
                return
            self.check_text(where, q, "scenario")
            subs = q.get("questions")
            if not isinstance(subs, list) or not 2 <= len(subs) <= 4:
                self.err(where, "a case needs 2-4 sub-questions")
                return
            self.cases[topic] += 1
            self.per_type["case"] += 1
            for i, sub in enumerate(subs):
                if not isinstance(sub, dict):
                    self.err(f"{where}[{i}]", "sub-question is not a mapping")
                    continue
                self.check_question(f"{where} > {sub.get('id', i)}", sub, topic, parent=q)
            return

        self.per_topic[topic] += 1
        self.per_type[qtype] += 1
        self.check_text(where, q, "prompt")
        self.check_text(where, q, "explanation")
        hints = q.get("hints")
        if not isinstance(hints, list) or not 1 <= len(hints) <= 3 or not all(isinstance(h, str) and h.strip() for h in hints):
            self.err(where, "`hints` must be a list of 1-3 non-empty strings")
        self.check_answer(where, q, qtype)

    def check_file(self, path: Path) -> None:
        where = str(path.relative_to(self.repo))
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            self.err(where, f"YAML does not parse: {e}")
            return
        if not isinstance(data, dict):
            self.err(where, "top level must be a mapping with `topic` and `questions`")
            return
        topic = data.get("topic")
        if topic not in self.table:
            self.err(where, f"unknown topic {topic!r}")
        if path.stem != topic:
            self.err(where, f"file name does not match topic {topic!r}")
        questions = data.get("questions")
        if not isinstance(questions, list) or not questions:
            self.err(where, "`questions` must be a non-empty list")
            return
        for i, q in enumerate(questions):
            if not isinstance(q, dict):
                self.err(f"{where}[{i}]", "question is not a mapping")
                continue
            self.check_question(f"{where} > {q.get('id', i)}", q, topic)

    def run(self) -> int:
        if not self.table:
            print("error: no chapter table found in docs/content-format.md", file=sys.stderr)
            return 1
        files = sorted((self.repo / "quizzes").glob("*.yaml"))
        for path in files:
            self.check_file(path)
        present = {p.stem for p in files}
        for topic in sorted(set(self.table) - present):
            self.err("quizzes/", f"no bank for topic {topic}")

        print(f"{'topic':26} questions  cases")
        for topic in self.table:
            print(f"{topic:26} {self.per_topic[topic]:9}  {self.cases[topic]:5}")
        print(f"{'total':26} {sum(self.per_topic.values()):9}  {sum(self.cases.values()):5}")
        print("\nby type (case sub-questions counted under their own type):")
        for qtype in ("single", "multiple", "ordering", "matching", "numeric", "short", "case"):
            print(f"  {qtype:9} {self.per_type[qtype]}")
        if self.errors:
            print(f"\n{len(self.errors)} problem(s):", file=sys.stderr)
            for e in self.errors:
                print(f"error: {e}", file=sys.stderr)
            return 1
        print("\nall banks valid")
        return 0


def main() -> int:
    repo = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
    return Checker(repo).run()


if __name__ == "__main__":
    sys.exit(main())
