"""Between Python's dates and times and Qt's, for the date and time editors."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QTime


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(qdate(moment.date()), qtime(moment.time()))
