"""Parse solution markers in an annotated source and render its skeleton or its clean copy.

Two marker forms, both plain comments, each naming its question and a hint for the student:

    # BEGIN SOLUTION Q7: <hint for the student>
    ...reference lines...
    # END SOLUTION

    <one reference line>  # SOLUTION Q7: <hint for the student>

In the skeleton each region becomes, at the region's indentation,

    # Your code: <hint for the student>
    raise NotImplementedError("Q7: Class.method")

Every line outside a region is copied byte for byte. The clean copy keeps the region's code and
drops only the markers.

A mutant is a named, realistic mistake declared beside the code it breaks, one comment line:

    # MUTANT q3.no_max_shift: shifted = Z  | softmax without subtracting the row max overflows at large scores

(id: the question's id in lower case, a dot, a name; then the replacement code; then ` | ` and the hint
sentence). It replaces exactly one reference line: the region code line directly above it (other MUTANT
lines in between are skipped), inside a BEGIN/END region, or the `# SOLUTION` line directly above it.
The replacement keeps the replaced line's indentation; `pass` deletes a statement. Mutant lines never
reach the skeleton or the clean copy; `mutate` gives the clean copy with one mutant applied.

A control is the opposite: a correct alternative a student may well write, which must keep full marks
(the cases must not be stricter than the task). Same form and placement, the word CONTROL, and after
` | ` what it is:

    # CONTROL q3.log_sum_exp: return np.exp(shifted - np.log(np.sum(e, axis=1, keepdims=True)))  | softmax via log-sum-exp

Both parse into `Mutant` (its `kind`: "mutant" or "control") and neither reaches the skeleton or the
clean copy; `mutants` lists the mutants, `controls` the controls, and `mutate` applies either by id.
"""
import re
from dataclasses import dataclass

BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION\b(?P<rest>.*?)\r?\n?$")
END = re.compile(r"^[ \t]*# END SOLUTION\b(?P<rest>.*?)\r?\n?$")
INLINE = re.compile(r"^(?P<indent>[ \t]*)(?P<code>\S.*?)[ \t]+# SOLUTION\b(?P<rest>.*?)(?P<eol>\r?\n?)$")
TAG = re.compile(r"^ (?P<question>Q\d+)(?::[ \t]*(?P<hint>.*?))?[ \t]*$")
ANY_MARKER = re.compile(r"#\s*(?:BEGIN\s*|END\s*)?SOLUTION")   # near misses such as SOLUTIONS
MUTANT = re.compile(r"^[ \t]*# (?P<kind>MUTANT|CONTROL)[ \t]+(?P<id>[a-z]\w*\.\w+):[ \t]*(?P<code>\S.*?)[ \t]+\|[ \t]+"
                    r"(?P<hint>\S.*?)[ \t]*\r?\n?$")
# near misses such as '# mutant q1.a x' or '# control q1.a x'; a plain comment such as '# control flow' is no marker
ANY_MUTANT = re.compile(r"#\s*(?P<word>(?i:mutant)|CONTROL\b|(?i:control)(?=[ \t:]+[a-z]\w*\.\w))")
USAGE = {"mutant": "'# MUTANT q3.name: replacement code | hint sentence'",
         "control": "'# CONTROL q3.name: replacement code | what it is'"}
DEF = re.compile(r"^(?P<indent>[ \t]*)(?:async[ \t]+)?(?:def|class)[ \t]+(?P<name>\w+)")


class MarkerError(ValueError):
    """A malformed marker; the message starts with file:line."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line = path, line


@dataclass(frozen=True)
class Region:
    """A solution region. lines: the reference lines without markers; start: 1-based line of its first marker;
    mutants: the Mutant items (mistakes and controls) declared in it."""
    question: str
    hint: str
    indent: str
    qualname: str
    lines: tuple
    start: int
    mutants: tuple = ()


@dataclass(frozen=True)
class Mutant:
    """A declared mistake (kind "mutant") or correct alternative (kind "control"): replaces region.lines[target]
    by code (at that line's indentation). hint: the mistake's hint sentence, or what the control is.
    line: 1-based, of the comment."""
    id: str
    code: str
    hint: str
    question: str
    target: int
    line: int
    kind: str = "mutant"


def _tag(path, lineno, rest):
    m = TAG.match(rest)
    if not m:
        raise MarkerError(path, lineno, "a solution marker must name its question, as in "
                                        "'# BEGIN SOLUTION Q3: hint' or '# SOLUTION Q3: hint'")
    return m.group("question"), (m.group("hint") or "").strip()


def _qualname(lines, index, indent, path, lineno):
    """Dotted name of the functions and classes enclosing line `index` (0-based)."""
    names, width = [], len(indent.expandtabs())
    for line in reversed(lines[:index]):
        m = DEF.match(line)
        if m and len(m.group("indent").expandtabs()) < width:
            names.append(m.group("name"))
            width = len(m.group("indent").expandtabs())
    if not names:
        raise MarkerError(path, lineno, "solution region outside any function: its stub would raise at import")
    return ".".join(reversed(names))


def _mutant(path, lineno, line, question, target, seen):
    """The Mutant (or control) declared by comment line `line`, replacing region line `target` (None: no line
    to replace)."""
    m = MUTANT.match(line)
    kind = (m.group("kind") if m else ANY_MUTANT.search(line).group("word")).lower()
    if not m:
        raise MarkerError(path, lineno, f"malformed {kind}; use {USAGE[kind]}")
    ident = m.group("id")
    if target is None:
        raise MarkerError(path, lineno, f"{kind} {ident} has no solution line directly above it to replace")
    if ident.split(".")[0] != question.lower():
        raise MarkerError(path, lineno, f"{kind} {ident} is in a {question} region: name it "
                                        f"{question.lower()}.{ident.split('.', 1)[1]}")
    if ident in seen:
        raise MarkerError(path, lineno, f"{kind} {ident} is declared twice (first at line {seen[ident]})")
    seen[ident] = lineno
    return Mutant(ident, m.group("code"), m.group("hint"), question, target, lineno, kind)


def parse(text, path="<source>"):
    """Split text into a list of str (lines copied as they are) and Region items."""
    lines = text.splitlines(keepends=True)
    out, block, i, seen = [], None, 0, {}
    for i, line in enumerate(lines):
        lineno = i + 1
        begin, end, inline = BEGIN.match(line), END.match(line), INLINE.match(line)
        if ANY_MUTANT.search(line) and not inline:
            if block:
                code_above = block["lines"] and block["lines"][-1].strip() and not block["lines"][-1].lstrip().startswith("#")
                target = len(block["lines"]) - 1 if code_above else None
                block["mutants"].append(_mutant(path, lineno, line, block["question"], target, seen))
            elif out and isinstance(out[-1], Region) and out[-1].start + len(out[-1].mutants) == lineno - 1 \
                    and len(out[-1].lines) == 1:
                region = out[-1]
                mutants = region.mutants + (_mutant(path, lineno, line, region.question, 0, seen),)
                out[-1] = Region(region.question, region.hint, region.indent, region.qualname, region.lines,
                                 region.start, mutants)
            elif MUTANT.match(line):
                m = MUTANT.match(line)
                raise MarkerError(path, lineno, f"{m.group('kind').lower()} {m.group('id')} is outside a solution "
                                                "region: put it inside one or right after a '# SOLUTION' line")
            else:
                _mutant(path, lineno, line, "", None, seen)
        elif begin:
            if block:
                raise MarkerError(path, lineno, f"nested BEGIN SOLUTION: the region opened at line {block['start']} is not closed")
            question, hint = _tag(path, lineno, begin.group("rest"))
            block = dict(question=question, hint=hint, indent=begin.group("indent"), start=lineno, index=i, lines=[],
                         mutants=[])
        elif end:
            if not block:
                raise MarkerError(path, lineno, "END SOLUTION without a matching BEGIN SOLUTION")
            if end.group("rest").strip():
                raise MarkerError(path, lineno, "END SOLUTION takes nothing after it")
            if not block["lines"]:
                raise MarkerError(path, block["start"], "empty solution region")
            out.append(Region(block["question"], block["hint"], block["indent"],
                              _qualname(lines, block["index"], block["indent"], path, block["start"]),
                              tuple(block["lines"]), block["start"], tuple(block["mutants"])))
            block = None
        elif inline:
            if block:
                raise MarkerError(path, lineno, f"SOLUTION line inside the region opened at line {block['start']}")
            question, hint = _tag(path, lineno, inline.group("rest"))
            indent = inline.group("indent")
            out.append(Region(question, hint, indent, _qualname(lines, i, indent, path, lineno),
                              (indent + inline.group("code") + (inline.group("eol") or "\n"),), lineno))
        elif ANY_MARKER.search(line):
            raise MarkerError(path, lineno, "malformed solution marker; use '# BEGIN SOLUTION Qn: hint', "
                                            "'# END SOLUTION' or 'code  # SOLUTION Qn: hint'")
        elif block:
            block["lines"].append(line)
        else:
            out.append(line)
    if block:
        raise MarkerError(path, block["start"], "BEGIN SOLUTION is never closed by END SOLUTION")
    return out


def stub(region):
    """The skeleton lines that replace a region."""
    comment = f"# Your code: {region.hint}" if region.hint else "# Your code"
    message = f"{region.question}: {region.qualname}"
    return f"{region.indent}{comment}\n{region.indent}raise NotImplementedError({message!r})\n"


def skeleton(text, path="<source>"):
    """The student's version of text: every region replaced by its stub."""
    return "".join(item if isinstance(item, str) else stub(item) for item in parse(text, path))


def clean(text, path="<source>"):
    """The reference without markers: region code kept, marker comments dropped."""
    return "".join(item if isinstance(item, str) else "".join(item.lines) for item in parse(text, path))


def regions(text, path="<source>"):
    """The Region items of text, in order."""
    return [item for item in parse(text, path) if isinstance(item, Region)]


def declarations(text, path="<source>"):
    """Every Mutant of either kind declared in text, in order."""
    return [m for region in regions(text, path) for m in region.mutants]


def mutants(text, path="<source>"):
    """Every mistake (kind "mutant") declared in text, in order."""
    return [m for m in declarations(text, path) if m.kind == "mutant"]


def controls(text, path="<source>"):
    """Every correct alternative (kind "control") declared in text, in order."""
    return [m for m in declarations(text, path) if m.kind == "control"]


def _replace(line, code):
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    return indent + code + ("\r\n" if line.endswith("\r\n") else "\n")


def mutate(text, mutant_id, path="<source>"):
    """The clean copy of text with mutant (or control) `mutant_id` applied; MarkerError if it is unknown or
    does not compile."""
    out, found = [], None
    for item in parse(text, path):
        if isinstance(item, str):
            out.append(item)
            continue
        lines = list(item.lines)
        for m in item.mutants:
            if m.id == mutant_id:
                lines[m.target] = _replace(lines[m.target], m.code)
                found = m
        out.extend(lines)
    if found is None:
        raise MarkerError(path, 0, f"no mutant {mutant_id} is declared here")
    mutated = "".join(out)
    try:
        compile(mutated, path, "exec")
    except SyntaxError as exc:
        raise MarkerError(path, found.line, f"{found.kind} {mutant_id} does not compile: {exc.msg} "
                                            f"(line {exc.lineno})") from None
    return mutated
