"""Error classes users catch, named as PySpark names them.

A task error carries the stage, partition and attempt it came from and the remote Python
traceback, like PySpark's ``PythonException`` wrapped in a ``Py4JJavaError`` - but as one
Python exception class hierarchy with no JVM in between.
"""
from __future__ import annotations

import pickle
from typing import Optional

__all__ = [
    "PySparkException", "SparkException", "PythonException", "SparkJobCancelled",
    "FetchFailedError", "AnalysisException", "ParseException", "IllegalArgumentException",
    "PySparkValueError", "PySparkTypeError", "PySparkRuntimeError", "PicklingError",
    "ExecutorLostError", "SparkContextStoppedError", "InvalidInputException",
    "FileAlreadyExistsException", "PySparkKeyError", "PySparkIndexError", "PySparkAttributeError",
    "PySparkNotImplementedError", "PySparkAssertionError", "ArithmeticException",
    "not_expected_type",
]


class PySparkException(Exception):
    """Base class of rayspark's errors; carries an error condition name like PySpark 4."""

    def __init__(self, message: str = "", errorClass: Optional[str] = None,
                 messageParameters: Optional[dict] = None):
        # a message written with its "[CONDITION] " prefix keeps one prefix, not two
        if isinstance(message, str) and message.startswith("["):
            end = message.find("] ")
            head = message[1:end] if end > 0 else ""
            if head and (errorClass is None or head == errorClass) and \
                    head.replace("_", "").replace(".", "").isalnum() and head.upper() == head:
                errorClass, message = head, message[end + 2:]
        super().__init__(message)
        self._message = message
        self._error_class = errorClass
        self._message_parameters = messageParameters or {}

    def getErrorClass(self) -> Optional[str]:
        return self._error_class

    def getCondition(self) -> Optional[str]:
        return self._error_class

    def getMessageParameters(self) -> dict:
        return dict(self._message_parameters)

    def getMessage(self) -> str:
        return self._message

    def __str__(self) -> str:
        if self._error_class:
            return f"[{self._error_class}] {self._message}"
        return self._message


class SparkException(PySparkException):
    """A job failed (for example a task failed spark.task.maxFailures times)."""


class PythonException(SparkException):
    """User code raised in a task. ``str()`` includes the remote traceback."""

    def __init__(self, message: str, *, exc_type: str = "", remote_traceback: str = "",
                 stage_id: Optional[int] = None, partition: Optional[int] = None,
                 attempt: Optional[int] = None, errorClass: str = "PYTHON_EXCEPTION"):
        super().__init__(message, errorClass)
        self.exc_type = exc_type
        self.remote_traceback = remote_traceback
        self.stage_id = stage_id
        self.partition = partition
        self.attempt = attempt


class SparkJobCancelled(SparkException):
    """The job was cancelled (cancelJob, cancelJobGroup, cancelAllJobs or stop)."""


class ExecutorLostError(SparkException):
    """An executor process died; its tasks are resubmitted elsewhere."""


class SparkContextStoppedError(PySparkException, RuntimeError):
    """An operation needed a running SparkContext but it was stopped."""


class FetchFailedError(Exception):
    """A reduce task could not fetch map output (its owner executor or node died).

    Internal: the DAG scheduler turns it into a resubmission of the missing map partitions.
    """

    def __init__(self, shuffle_id: int, map_ids, message: str = ""):
        super().__init__(message or f"fetch failed for shuffle {shuffle_id} maps {sorted(map_ids)}")
        self.shuffle_id = shuffle_id
        self.map_ids = sorted(set(map_ids))

    def __reduce__(self):
        return (FetchFailedError, (self.shuffle_id, self.map_ids, str(self)))


class AnalysisException(PySparkException):
    """A query refers to something that does not exist or is typed wrongly."""


class ParseException(AnalysisException):
    """SQL text could not be parsed."""


class IllegalArgumentException(PySparkException, ValueError):
    pass


class PySparkValueError(PySparkException, ValueError):
    pass


class PySparkTypeError(PySparkException, TypeError):
    pass


class PySparkRuntimeError(PySparkException, RuntimeError):
    pass


class PicklingError(PySparkException, pickle.PicklingError):
    """A closure or value could not be serialized; the message names the object."""


class InvalidInputException(PySparkException, FileNotFoundError):
    """An input path does not exist (raised on the driver before any task runs)."""


class FileAlreadyExistsException(PySparkException, FileExistsError):
    """An output directory already exists."""


class PySparkKeyError(PySparkException, KeyError):
    pass


class PySparkIndexError(PySparkException, IndexError):
    pass


class PySparkAttributeError(PySparkException, AttributeError):
    pass


class PySparkNotImplementedError(PySparkException, NotImplementedError):
    pass


class PySparkAssertionError(PySparkException, AssertionError):
    """PySpark's assertion error (e.g. REUSE_OBSERVATION, NO_OBSERVE_BEFORE_GET)."""


def not_expected_type(arg_name: str, expected: str, value) -> PySparkTypeError:
    """PySpark's NOT_EXPECTED_TYPE argument error: ``value`` passed as ``arg_name`` is not of
    the ``expected`` kind."""
    t = type(value).__name__
    return PySparkTypeError(
        f"[NOT_EXPECTED_TYPE] Argument `{arg_name}` should be {expected}, got {t}.",
        "NOT_EXPECTED_TYPE", {"arg_name": arg_name, "expected_type": expected, "arg_type": t})


class ArithmeticException(PySparkException, ArithmeticError):
    """Arithmetic overflow or division by zero under ANSI semantics."""


class NumberFormatException(IllegalArgumentException):
    """A value could not be parsed as a number (CAST_INVALID_INPUT under ANSI mode)."""


class ArrayIndexOutOfBoundsException(PySparkException, IndexError):
    """An array index was out of range (INVALID_ARRAY_INDEX under ANSI mode)."""


class DateTimeException(PySparkException, ValueError):
    """A date/time value could not be parsed or was out of range."""


class SparkRuntimeException(PySparkException, RuntimeError):
    """A runtime error raised by a SQL expression inside a task."""


class SparkNoSuchElementException(PySparkException, KeyError):
    """A map key or config key was not found."""


#: error classes a SQL task may raise that reach the user as themselves, not wrapped in
#: PythonException (Spark surfaces these from the executors the same way)
SQL_TASK_ERRORS = {cls.__name__: cls for cls in (
    ArithmeticException, NumberFormatException, ArrayIndexOutOfBoundsException,
    DateTimeException, SparkRuntimeException, SparkNoSuchElementException, AnalysisException,
    IllegalArgumentException)}
__all__ += ["NumberFormatException", "ArrayIndexOutOfBoundsException", "DateTimeException",
            "SparkRuntimeException", "SparkNoSuchElementException"]
