# nbgrader configuration for the Bone Secondaries quizzes (an nbgrader course directory).
# Used by `bonecourse quiz ...` and by nbgrader's own commands run in this folder.
import os

c = get_config()  # noqa: F821  (nbgrader provides get_config)

c.CourseDirectory.course_id = "bone-secondaries"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# A released answer cell keeps the learner's line `answer_N = ""`; the solution region vanishes.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = (
    "Type your answer here: double-click this cell, replace this text, then press Shift+Enter."
)

# Autograding: a cell that runs longer than this is interrupted (the rest still runs).
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 40

# Learners' feedback never shows hidden tests, nor any hidden-test line quoted in an output.
# QuizFeedback writes under each question what the learner chose, its feedback and the
# explanation (marked by the grader from the saved answers, keys from the trainer's bank).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "course.grading.preprocessors.QuizFeedback",
    "course.grading.preprocessors.RedactHiddenTests",
    "nbgrader.preprocessors.ClearHiddenTests",
]
# nbconvert preprocessors are off unless enabled: without these two lines nbgrader skips them
c.QuizFeedback.enabled = True
c.RedactHiddenTests.enabled = True

# The full key (every option's verdict and the right answer) in learners' feedback: off, so
# one learner's feedback cannot hand out the answers. Turn it on once the quiz has closed.
c.QuizFeedback.full_key = False
