"""The team on the district database: who a session runs as, the members, adding one and
handing schools over (services/team.py). Roles are PostgreSQL roles: a member is a LOGIN role in
the liaison or the supervisor group, with the schools it covers in the `team` table."""

from __future__ import annotations

from typing import Any

from psycopg import sql


class PgTeam:
    """PgSession's team part (session.py)."""

    def caller(self) -> dict[str, Any]:
        """Who this session runs as: {role, schools, supervisor, member} (member: in the team
        table; the district admin who owns the schema usually is not, and sees everything)."""
        role = self.conn.execute("SELECT current_user").fetchone()[0]
        row = self.conn.execute("SELECT schools, supervisor FROM team WHERE role = %s",
                                (role,)).fetchone()
        return {"role": role, "schools": list(row[0]) if row else [],
                "supervisor": bool(row and row[1]), "member": row is not None}

    def team(self) -> list[dict[str, Any]]:
        """Every team member: {role, schools, supervisor, login} (login: the role exists and
        may log in), by role."""
        return [{"role": r, "schools": list(sc), "supervisor": sup, "login": bool(login)}
                for r, sc, sup, login in self.conn.execute(
                    "SELECT t.role, t.schools, t.supervisor, r.rolcanlogin FROM team t "
                    "LEFT JOIN pg_roles r ON r.rolname = t.role ORDER BY t.role")]

    def team_add(self, role: str, schools: list[str], supervisor: bool) -> bool:
        """Make `role` a member (a LOGIN role without a password when it does not exist yet),
        in the liaison or the supervisor group, covering `schools` (added to those it had).
        True when the role was created. Needs CREATEROLE (a district admin)."""
        self._require_writable()
        exists = self.conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                   (role,)).fetchone() is not None
        ident = sql.Identifier(role)
        if not exists:
            self.conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
        group, other = (("liaison_supervisor", "liaison_liaison") if supervisor
                        else ("liaison_liaison", "liaison_supervisor"))
        self.conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), ident))
        if self.conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (role, other)).fetchone()[0]:
            self.conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), ident))
        if supervisor:
            self.conn.execute(
                "INSERT INTO team (role, schools, supervisor) VALUES (%s, '{}', true) "
                "ON CONFLICT (role) DO UPDATE SET schools = '{}', supervisor = true, "
                "added_by = current_user, added_at = now()", (role,))
        else:
            self.conn.execute(
                "INSERT INTO team (role, schools, supervisor) VALUES (%s, %s, false) "
                "ON CONFLICT (role) DO UPDATE SET supervisor = false, "
                "schools = ARRAY(SELECT DISTINCT unnest(CASE WHEN team.supervisor THEN '{}' "
                "ELSE team.schools END || excluded.schools) ORDER BY 1), "
                "added_by = current_user, added_at = now()", (role, schools))
        return not exists

    def team_move_schools(self, from_role: str, to_role: str) -> list[str]:
        """`from_role`'s schools go to `to_role` (a handover); the schools moved."""
        self._require_writable()
        row = self.conn.execute("SELECT schools FROM team WHERE role = %s FOR UPDATE",
                                (from_role,)).fetchone()
        moved = list(row[0]) if row else []
        if moved:
            self.conn.execute("UPDATE team SET schools = '{}' WHERE role = %s", (from_role,))
            self.conn.execute(
                "UPDATE team SET schools = ARRAY(SELECT DISTINCT unnest(schools || %s::text[]) "
                "ORDER BY 1) WHERE role = %s", (moved, to_role))
        return moved
