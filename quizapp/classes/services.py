"""Class services: create classes with join codes, membership, assigned sets.

Services flush; the caller commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, case, delete, or_, select, true

from quizapp.content.services import visible_sets
from quizapp.extensions import db
from quizapp.models import ClassMember, ClassSet, QuestionSet, SchoolClass, User

# No 0/O, 1/I/L: codes are read aloud and copied from a projector.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    """A random 8-character join code from an unambiguous alphabet."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a student typed, as a stored code: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def create_class(owner: User, name: str) -> SchoolClass:
    """A new class owned by ``owner`` with an unused join code."""
    code = new_join_code()
    while class_by_code(code) is not None:
        code = new_join_code()
    klass = SchoolClass(name=name, owner_id=owner.id, join_code=code)
    db.session.add(klass)
    db.session.flush()
    return klass


def class_by_code(code: str) -> SchoolClass | None:
    """The class with this join code, if any."""
    stmt = select(SchoolClass).where(SchoolClass.join_code == normalise_code(code))
    return db.session.execute(stmt).scalar_one_or_none()


def can_manage_class(user: User, klass: SchoolClass) -> bool:
    """The class's instructor and admins manage it."""
    return user.is_admin or (user.is_instructor and klass.owner_id == user.id)


def taught_classes(user: User) -> list[SchoolClass]:
    """Classes this instructor runs (every class for an admin), by name."""
    stmt = select(SchoolClass).order_by(SchoolClass.name)
    if not user.is_admin:
        stmt = stmt.where(SchoolClass.owner_id == user.id)
    return list(db.session.execute(stmt).scalars())


def member_classes(user: User) -> list[SchoolClass]:
    """Classes this user has joined, by name."""
    stmt = (select(SchoolClass).join(ClassMember, ClassMember.class_id == SchoolClass.id)
            .where(ClassMember.user_id == user.id).order_by(SchoolClass.name))
    return list(db.session.execute(stmt).scalars())


def is_member(user: User, klass: SchoolClass) -> bool:
    """Whether the user has joined the class."""
    return db.session.get(ClassMember, (klass.id, user.id)) is not None


def join_class(user: User, code: str) -> SchoolClass | None:
    """Join the class with this code (joining twice changes nothing); None for a wrong code."""
    klass = class_by_code(code)
    if klass is not None and not is_member(user, klass):
        db.session.add(ClassMember(class_id=klass.id, user_id=user.id))
        db.session.flush()
    return klass


def leave_class(user: User, klass: SchoolClass) -> None:
    """Leave a class (nothing happens when not a member)."""
    db.session.execute(delete(ClassMember).where(ClassMember.class_id == klass.id,
                                                 ClassMember.user_id == user.id))


def members(klass: SchoolClass) -> list[User]:
    """The class's students, by username."""
    stmt = (select(User).join(ClassMember, ClassMember.user_id == User.id)
            .where(ClassMember.class_id == klass.id).order_by(User.username))
    return list(db.session.execute(stmt).scalars())


@dataclass(frozen=True)
class Assignment:
    """A set assigned to a class, with the day it is due by (if any)."""

    qset: QuestionSet
    due_on: date | None


def class_assignments(klass: SchoolClass, *,
                      published_only: bool = False) -> list[Assignment]:
    """Sets assigned to the class: the dated ones by due date (earliest first), then the
    undated ones; by title within a day."""
    stmt = (select(QuestionSet, ClassSet.due_on)
            .join(ClassSet, ClassSet.set_id == QuestionSet.id)
            .where(ClassSet.class_id == klass.id)
            .order_by(ClassSet.due_on.is_(None), ClassSet.due_on, QuestionSet.title))
    if published_only:
        stmt = stmt.where(QuestionSet.status == "published")
    return [Assignment(qset, due_on) for qset, due_on in db.session.execute(stmt)]


def class_sets(klass: SchoolClass, *, published_only: bool = False) -> list[QuestionSet]:
    """Sets assigned to the class, in ``class_assignments``' order."""
    return [a.qset for a in class_assignments(klass, published_only=published_only)]


def assign_set(klass: SchoolClass, qset: QuestionSet, due_on: date | None = None) -> None:
    """Assign a set to the class, due by ``due_on`` if given (assigning twice changes
    nothing)."""
    if db.session.get(ClassSet, (klass.id, qset.id)) is None:
        db.session.add(ClassSet(class_id=klass.id, set_id=qset.id, due_on=due_on))
        db.session.flush()


def set_due_date(klass: SchoolClass, set_id: int, due_on: date | None) -> bool:
    """Change (or clear, with None) an assigned set's due date; False when the set is not
    assigned to the class."""
    assignment = db.session.get(ClassSet, (klass.id, set_id))
    if assignment is None:
        return False
    assignment.due_on = due_on
    db.session.flush()
    return True


@dataclass(frozen=True)
class DueBadge:
    """How a due date reads to a student: "Due 9 Dec" (the year only when not this year)."""

    text: str
    overdue: bool


def local_today(now: datetime, tz: str) -> date:
    """The calendar day it is for someone in time zone ``tz`` (UTC when the name is unknown)."""
    try:
        return now.astimezone(ZoneInfo(tz)).date()
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return now.date()


def due_badge(due_on: date | None, today: date) -> DueBadge | None:
    """The badge for a set due by ``due_on`` (None when undated), overdue once the day has
    passed in the student's time zone (``today``)."""
    if due_on is None:
        return None
    year = "" if due_on.year == today.year else f" {due_on.year}"
    return DueBadge(f"Due {due_on.day} {due_on:%b}{year}", due_on < today)


def due_order(due_on: date | None) -> tuple[bool, date]:
    """A sort key: dated sets first, earliest first, then undated ones."""
    return (due_on is None, due_on or date.max)


def unassign_set(klass: SchoolClass, set_id: int) -> None:
    """Take a set off the class."""
    db.session.execute(delete(ClassSet).where(ClassSet.class_id == klass.id,
                                              ClassSet.set_id == set_id))


def assigned_set_ids(user: User) -> set[int]:
    """Ids of the published sets assigned to any class the user has joined."""
    stmt = (select(ClassSet.set_id)
            .join(ClassMember, ClassMember.class_id == ClassSet.class_id)
            .join(QuestionSet, QuestionSet.id == ClassSet.set_id)
            .where(ClassMember.user_id == user.id, QuestionSet.status == "published"))
    return set(db.session.execute(stmt).scalars())


@dataclass(frozen=True)
class StudentSets:
    """The sets a user may study, those assigned to one of their classes first.

    Attributes:
        sets: Assigned sets by title, then the others by title.
        assigned: Ids of the assigned sets (for an "assigned to your class" badge).
    """

    sets: list[QuestionSet]
    assigned: set[int]


def sets_assigned_first(user: User) -> StudentSets:
    """The sets the user may study (content's ``visible_sets``), those assigned to the
    user's classes first, for every page that lists a student's sets (home, study)."""
    assigned = assigned_set_ids(user)
    sets = sorted(visible_sets(user), key=lambda s: s.id not in assigned)  # stable: by title
    return StudentSets(sets, assigned)


def assignable_sets(user: User, klass: SchoolClass) -> list[QuestionSet]:
    """What this instructor may assign to the class and has not yet: their own sets (every
    instructor's for an admin; newest first), then the bundled ones (by title)."""
    own = and_(QuestionSet.bundled.is_(False),
               true() if user.is_admin else QuestionSet.owner_id == user.id)
    assigned = select(ClassSet.set_id).where(ClassSet.class_id == klass.id)
    stmt = (select(QuestionSet)
            .where(or_(own, QuestionSet.bundled.is_(True)), QuestionSet.id.not_in(assigned))
            .order_by(QuestionSet.bundled,  # own sets first, newest first; bundled by title
                      case((QuestionSet.bundled.is_(False), QuestionSet.updated_at)).desc(),
                      QuestionSet.title))
    return list(db.session.execute(stmt).scalars())
