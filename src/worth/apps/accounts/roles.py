"""The roles of DESIGN.md as Django groups, with the model permissions each role carries.

Roles say what kind of work a person does everywhere; per-project membership (``programs.Membership``)
says which projects they may see. Both are needed: an analyst sees only the projects they are on.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "Administrator"
    PROGRAM_LEAD = "Program lead"
    ANALYST = "Analyst"
    SALESPERSON = "Salesperson"
    READ_ONLY = "Read-only"


#: Model permissions per role, as "app_label.codename". Administrators get every permission.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.PROGRAM_LEAD: (
        "programs.add_program",
        "programs.change_program",
        "programs.view_program",
        "programs.add_project",
        "programs.change_project",
        "programs.view_project",
        "programs.add_membership",
        "programs.change_membership",
        "programs.delete_membership",
        "programs.view_membership",
    ),
    Role.ANALYST: (
        "programs.view_program",
        "programs.change_project",
        "programs.view_project",
        "programs.view_membership",
    ),
    Role.SALESPERSON: ("programs.view_program", "programs.view_project", "programs.view_membership"),
    Role.READ_ONLY: ("programs.view_program", "programs.view_project", "programs.view_membership"),
}

ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.ADMINISTRATOR: "Manages users, roles and every program.",
    Role.PROGRAM_LEAD: "Sets up pilot programs and projects, their teams and success targets.",
    Role.ANALYST: "Works on value models and analyses in the projects they are a member of.",
    Role.SALESPERSON: "Runs value calculators and documents delivered value with customers.",
    Role.READ_ONLY: "Reads what their projects hold; changes nothing.",
}
