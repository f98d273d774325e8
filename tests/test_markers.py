"""The marker grammar: both forms, the skeleton and clean renderings, and every error."""
import pytest

from autograder.author.markers import MarkerError, clean, regions, skeleton

BLOCK = '''def f(x):
    """Doc."""
    # BEGIN SOLUTION Q3: return y (N, D)
    y = x * 2
    return y
    # END SOLUTION
'''

INLINE = '''class A:
    def g(self, x):
        return x + 1  # SOLUTION Q4: return x + 1
'''


def test_block_region_becomes_your_code_hint_and_named_raise():
    assert skeleton(BLOCK) == ('def f(x):\n    """Doc."""\n    # Your code: return y (N, D)\n'
                               "    raise NotImplementedError('Q3: f')\n")


def test_inline_region_keeps_indentation_and_qualified_name():
    assert skeleton(INLINE) == ("class A:\n    def g(self, x):\n        # Your code: return x + 1\n"
                                "        raise NotImplementedError('Q4: A.g')\n")


def test_region_without_hint_gets_plain_your_code():
    text = "def f():\n    return 1  # SOLUTION Q1\n"
    assert skeleton(text) == "def f():\n    # Your code\n    raise NotImplementedError('Q1: f')\n"


def test_clean_keeps_code_and_drops_only_markers():
    assert clean(BLOCK) == 'def f(x):\n    """Doc."""\n    y = x * 2\n    return y\n'
    assert clean(INLINE) == "class A:\n    def g(self, x):\n        return x + 1\n"


def test_lines_outside_regions_are_copied_byte_for_byte():
    text = "import os\r\n\tdef weird():  \r\n\n" + "def f():\n    pass  # SOLUTION Q1: hint\n" + "x = 'é'  # trailing\t\n"
    out = skeleton(text)
    assert out.startswith("import os\r\n\tdef weird():  \r\n\n")
    assert out.endswith("x = 'é'  # trailing\t\n")


def test_regions_report_question_hint_and_line():
    (r,) = regions(BLOCK)
    assert (r.question, r.hint, r.qualname, r.start) == ("Q3", "return y (N, D)", "f", 3)
    assert r.lines == ("    y = x * 2\n", "    return y\n")


@pytest.mark.parametrize("text, line, words", [
    ("def f():\n    # BEGIN SOLUTION Q1\n    # BEGIN SOLUTION Q1\n    x = 1\n    # END SOLUTION\n    # END SOLUTION\n", 3, "nested"),
    ("def f():\n    x = 1\n    # END SOLUTION\n", 3, "without a matching BEGIN"),
    ("def f():\n    # BEGIN SOLUTION Q1\n    x = 1\n", 2, "never closed"),
    ("def f():\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION\n", 2, "must name its question"),
    ("def f():\n    return 1  # SOLUTION: hint\n", 2, "must name its question"),
    ("def f():\n    # BEGIN SOLUTION Q1\n    x = 1  # SOLUTION Q1\n    # END SOLUTION\n", 3, "inside the region"),
    ("def f():\n    # BEGIN SOLUTION Q1\n    # END SOLUTION\n", 2, "empty"),
    ("def f():\n    # BEGIN SOLUTION Q1\n    x = 1\n    # END SOLUTION Q1\n", 4, "takes nothing"),
    ("X = 1  # SOLUTION Q1\n", 1, "outside any function"),
    ("def f():\n    #SOLUTION Q1\n    return 1\n", 2, "malformed"),
    ("def f():\n    # begin solution\n    # BEGIN SOLUTIONS Q1\n", 3, "malformed"),
])
def test_marker_errors_name_file_and_line(text, line, words):
    with pytest.raises(MarkerError) as err:
        skeleton(text, "lib.py")
    assert str(err.value).startswith(f"lib.py:{line}: ")
    assert words in str(err.value)
    assert (err.value.path, err.value.line) == ("lib.py", line)


MUTATED = '''def f(x):
    # BEGIN SOLUTION Q3: return y (N, D)
    y = x.sum(axis=0)
    # MUTANT q3.wrong_axis: y = x.sum(axis=1)  | you sum over rows: use axis=0
    # MUTANT q3.mean: y = x.mean(axis=0)  | a mean where a sum is wanted
    return y
    # END SOLUTION


def g(x):
    return x + 1  # SOLUTION Q4: return x + 1
    # MUTANT q4.minus: return x - 1  | you subtract where you should add
'''


def test_mutant_replaces_the_region_line_above_it_and_the_solution_line_it_follows():
    from autograder.author.markers import mutants, mutate
    found = {m.id: m for m in mutants(MUTATED)}
    assert [(m.id, m.target, m.line, m.question) for m in found.values()] == [
        ("q3.wrong_axis", 0, 4, "Q3"), ("q3.mean", 0, 5, "Q3"), ("q4.minus", 0, 12, "Q4")]
    assert found["q3.wrong_axis"].hint == "you sum over rows: use axis=0"
    assert mutate(MUTATED, "q3.mean") == clean(MUTATED).replace("y = x.sum(axis=0)", "y = x.mean(axis=0)")
    assert mutate(MUTATED, "q4.minus") == clean(MUTATED).replace("return x + 1", "return x - 1")


def test_skeleton_and_clean_copy_hold_no_mutant_text():
    for out in (skeleton(MUTATED), clean(MUTATED)):
        assert "MUTANT" not in out and "wrong_axis" not in out and "x - 1" not in out and "axis=1" not in out


@pytest.mark.parametrize("text, line, words", [
    ("def f():\n    # BEGIN SOLUTION Q1\n    # MUTANT q1.a: x = 2  | hint\n    x = 1\n    # END SOLUTION\n", 3,
     "no solution line directly above"),
    ("def f():\n    x = 1\n    # MUTANT q1.a: x = 2  | hint\n", 3, "outside a solution region"),
    ("def f():\n    # BEGIN SOLUTION Q1\n    x = 1\n\n    # MUTANT q1.a: x = 2  | hint\n    # END SOLUTION\n", 5,
     "no solution line directly above"),
    ("def f():\n    return 1  # SOLUTION Q1\n\n    # MUTANT q1.a: return 2  | hint\n", 4, "outside a solution region"),
    ("def f():\n    return 1  # SOLUTION Q1\n    # MUTANT q1.a: return 2\n", 3, "malformed mutant"),
    ("def f():\n    return 1  # SOLUTION Q1\n    # MUTANT a: return 2  | hint\n", 3, "malformed mutant"),
    ("def f():\n    return 1  # SOLUTION Q1\n    # mutant q1.a return 2\n", 3, "malformed mutant"),
    ("def f():\n    return 1  # SOLUTION Q1\n    # MUTANT q2.a: return 2  | hint\n", 3, "name it q1.a"),
    ("def f():\n    return 1  # SOLUTION Q1\n    # MUTANT q1.a: return 2  | hint\n    # MUTANT q1.a: return 3  | hint\n", 4,
     "declared twice"),
])
def test_mutant_errors_name_file_and_line(text, line, words):
    with pytest.raises(MarkerError) as err:
        skeleton(text, "lib.py")
    assert str(err.value).startswith(f"lib.py:{line}: ") and words in str(err.value)


def test_mutant_that_does_not_compile_is_an_error_at_its_line():
    from autograder.author.markers import mutate
    text = "def f():\n    return 1  # SOLUTION Q1\n    # MUTANT q1.broken: return (1  | hint\n"
    with pytest.raises(MarkerError) as err:
        mutate(text, "q1.broken", "lib.py")
    assert str(err.value).startswith("lib.py:3: ") and "does not compile" in str(err.value)


CONTROLLED = '''def f(x):
    # BEGIN SOLUTION Q3: return y (N, D)
    y = x.sum(axis=0)
    # MUTANT q3.wrong_axis: y = x.sum(axis=1)  | you sum over rows: use axis=0
    # CONTROL q3.np_sum: y = np.sum(x, axis=0)  | the same sum through np.sum
    return y
    # END SOLUTION


def g(x):
    return x + 1  # SOLUTION Q4: return x + 1
    # CONTROL q4.one_plus: return 1 + x  | the operands swapped
'''


def test_controls_are_parsed_like_mutants_but_listed_apart():
    from autograder.author.markers import controls, declarations, mutants, mutate
    assert [(m.id, m.kind, m.target, m.line) for m in declarations(CONTROLLED)] == [
        ("q3.wrong_axis", "mutant", 0, 4), ("q3.np_sum", "control", 0, 5), ("q4.one_plus", "control", 0, 12)]
    assert [m.id for m in mutants(CONTROLLED)] == ["q3.wrong_axis"]
    assert [(m.id, m.hint) for m in controls(CONTROLLED)] == [("q3.np_sum", "the same sum through np.sum"),
                                                              ("q4.one_plus", "the operands swapped")]
    assert mutate(CONTROLLED, "q3.np_sum") == clean(CONTROLLED).replace("y = x.sum(axis=0)", "y = np.sum(x, axis=0)")
    assert mutate(CONTROLLED, "q4.one_plus") == clean(CONTROLLED).replace("return x + 1", "return 1 + x")


def test_skeleton_and_clean_copy_hold_no_control_text():
    for out in (skeleton(CONTROLLED), clean(CONTROLLED)):
        assert "CONTROL" not in out and "np_sum" not in out and "np.sum" not in out and "1 + x" not in out


@pytest.mark.parametrize("text, line, words", [
    ("def f():\n    x = 1\n    # CONTROL q1.a: x = 1 + 0  | the same\n", 3, "control q1.a is outside a solution region"),
    ("def f():\n    return 1  # SOLUTION Q1\n    # CONTROL q1.a: return 1\n", 3,
     "malformed control; use '# CONTROL q3.name: replacement code | what it is'"),
    ("def f():\n    return 1  # SOLUTION Q1\n    # control q1.a return 1\n", 3, "malformed control"),
    ("def f():\n    return 1  # SOLUTION Q1\n    # CONTROL q2.a: return 1  | the same\n", 3, "control q2.a is in a Q1 region"),
    ("def f():\n    return 1  # SOLUTION Q1\n    # MUTANT q1.a: return 2  | hint\n    # CONTROL q1.a: return 1  | same\n",
     4, "control q1.a is declared twice"),
])
def test_control_errors_name_file_and_line(text, line, words):
    with pytest.raises(MarkerError) as err:
        skeleton(text, "lib.py")
    assert str(err.value).startswith(f"lib.py:{line}: ") and words in str(err.value)


def test_a_plain_comment_that_mentions_control_is_not_a_marker():
    text = "def f(x):\n    # BEGIN SOLUTION Q1: return x\n    # Control flow: nothing to branch on\n    return x\n    # END SOLUTION\n"
    assert clean(text) == "def f(x):\n    # Control flow: nothing to branch on\n    return x\n"
    from autograder.author.markers import declarations
    assert declarations(text) == []
