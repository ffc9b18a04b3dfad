"""Errors that end a run with the contract's exit codes."""
from __future__ import annotations


class TrainerError(Exception):
    """A one-line message for the user plus the process exit code."""

    exit_code = 1


class ConfigError(TrainerError):
    exit_code = 2


class DataError(TrainerError):
    exit_code = 2


class MissingDependency(TrainerError):
    exit_code = 3


class Cancelled(TrainerError):
    exit_code = 130
