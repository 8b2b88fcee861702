"""practice-desk-cli: set up, check and look after a practice from a terminal or a script.

Secrets come from files (--passphrase-file) or from a hidden prompt, never from arguments,
which other users of the computer can see in the process list. Output never holds client data.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from practice_desk import __version__
from practice_desk.domain.clock import SystemClock
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.profile import PracticeProfile, ProfileInvalid
from practice_desk.domain.recovery_code import format_recovery_code
from practice_desk.safe_files import restrict_new_files
from practice_desk.services.keychain import detect_keychain
from practice_desk.services.locations import VaultFiles, default_home
from practice_desk.services.practice import PassphraseRejected, Practice
from practice_desk.services.vault import Vault, VaultState


def _read_secret(path: str | None, prompt: str, *, confirm: bool = False) -> str:
    if path:
        text = Path(path).read_text("utf-8")
        return text[:-1] if text.endswith("\n") else text
    if not sys.stdin.isatty():
        raise PracticeDeskError("No terminal to ask for the passphrase.", "Use --passphrase-file.")
    secret = getpass.getpass(prompt)
    if confirm and getpass.getpass("Once more: ") != secret:
        raise PracticeDeskError("The two entries differ.", "Nothing was changed.")
    return secret


def _vault(args: argparse.Namespace) -> Vault:
    home = Path(args.home) if args.home else default_home()
    return Vault(VaultFiles(home), SystemClock())


def cmd_init(args: argparse.Namespace) -> int:
    vault = _vault(args)
    passphrase = _read_secret(args.passphrase_file, "New passphrase: ", confirm=True)
    profile = PracticeProfile(args.practice_name, args.practitioner_name, args.credentials or "")
    print("Creating the practice (calibrating the key derivation takes a few seconds)...")
    created = vault.create(profile, passphrase)
    try:
        if args.recovery_kit:
            from practice_desk.services.recovery_kit import save_recovery_kit

            saved = save_recovery_kit(
                Path(args.recovery_kit),
                created.practice.profile,
                created.practice.vault_id,
                created.created_at,
                created.recovery_code,
                vault.clock,
            )
            print(f"Recovery kit saved to {saved}")
        print(f"Practice created in {vault.files.home}")
        code = format_recovery_code(created.recovery_code)
        print(f"Recovery code (shown once; store it safely): {code}")
    finally:
        created.practice.close()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    vault = _vault(args)
    practice = vault.unlock(_read_secret(args.passphrase_file, "Passphrase: "))
    try:
        report = practice.health_report()
    finally:
        practice.close()
    print(f"Data version: {report.data_version}")
    print(f"Encryption check (cipher_integrity_check): {_verdict(report.cipher_problems)}")
    print(f"Structure check (integrity_check): {_verdict(report.integrity_problems)}")
    for name, count in report.tables.items():
        print(f"  {name}: {count} row(s)")
    print(
        "All clean."
        if report.clean
        else "Problems found: restore from a backup and contact support."
    )
    return 0 if report.clean else 1


def _verdict(problems: list[str]) -> str:
    return "clean" if not problems else f"{len(problems)} problem(s)"


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    vault = _vault(args)
    practice = vault.unlock(_read_secret(args.passphrase_file, "Current passphrase: "))
    try:
        new = _read_secret(args.new_passphrase_file, "New passphrase: ", confirm=True)
        practice.change_passphrase(new)
    finally:
        practice.close()
    print("Passphrase changed. Your recovery code is unchanged.")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    vault = _vault(args)
    practice = vault.unlock(_read_secret(args.passphrase_file, "Passphrase: "))
    try:
        verdict = practice.audit_verdict  # checked at unlock, before this unlock was written
    finally:
        practice.close("cli")
    assert verdict is not None
    if verdict.intact:
        noun = "entry" if verdict.entries == 1 else "entries"
        print(f"Audit trail intact: {verdict.entries} {noun}, every link checked.")
        return 0
    print(
        f"Audit trail broken at entry {verdict.first_broken}: that entry was changed, removed "
        f"or moved. The {verdict.first_broken - 1} entries before it are intact. Keep this "
        "practice as it is and compare it with a backup."
    )
    return 1


def cmd_info(args: argparse.Namespace) -> int:
    vault = _vault(args)
    state = vault.state()
    print(f"Practice Desk {__version__}")
    print(f"Data folder: {vault.files.home}")
    print(f"State: {state.value.replace('_', ' ')}")
    if state is VaultState.LOCKED:
        summary = vault.key_file_summary()
        print(f"Practice ID: {summary.vault_id}")
        print(f"Created: {summary.created_at}")
        print(
            f"Key derivation: Argon2id, {summary.memory_kib // 1024} MiB, "
            f"{summary.iterations} passes, {summary.lanes} lanes"
        )
        print(f"Database size: {vault.files.database.stat().st_size:,} bytes")
    problem = vault.problem()
    if problem:
        print(f"Problem: {problem}")
        return 1
    return 0


def cmd_forget_key(args: argparse.Namespace) -> int:
    vault = _vault(args)
    if not vault.files.key_file.exists():
        print("There is no practice in this folder, so there is no key to forget.")
        return 0
    offer = detect_keychain()
    if offer.store is None:
        print(f"Nothing to forget. {offer.reason}")
        return 0
    vault.forget_remembered_key(offer.store)
    print(
        "This computer no longer remembers the key. Your passphrase opens the practice as before."
    )
    return 0


def _unlocked(args: argparse.Namespace) -> Practice:
    return _vault(args).unlock(_read_secret(args.passphrase_file, "Passphrase: "))


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


def cmd_backup(args: argparse.Namespace) -> int:
    practice = _unlocked(args)
    try:
        folder = Path(args.folder) if args.folder else None
        result = practice.backups.write("manual", folder=folder)
    finally:
        practice.close("cli")
    print(f"Backup written and checked: {result.path} ({_size(result.size)})")
    for path in result.removed:
        print(f"  older backup removed by rotation: {path.name}")
    return 0


def cmd_verify_backup(args: argparse.Namespace) -> int:
    vault = _vault(args)
    info = vault.inspect_backup(Path(args.file))
    made = info.created_at.astimezone().strftime("%d %b %Y %H:%M")
    print(f"Backup of practice {info.vault_id}, made {made} by Practice Desk {info.app_version}")
    print("Checksums: all match.")
    if args.checksums_only:
        return 0
    secret = _read_secret(args.secret_file, "Passphrase or recovery code of that day: ")
    verified = vault.verify_backup(Path(args.file), secret)
    print("Opens with the key; encryption and structure checks clean; row counts match.")
    for name, count in verified.tables.items():
        print(f"  {name}: {count} row(s)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    vault = _vault(args)
    info = vault.inspect_backup(Path(args.file))
    made = info.created_at.astimezone().strftime("%d %b %Y %H:%M")
    print(f"This replaces the practice in {vault.files.home} with the backup made {made}.")
    print("The practice as it is now is moved aside into the backups folder, not deleted.")
    if not args.yes:
        if not sys.stdin.isatty():
            raise PracticeDeskError("Restoring needs a yes.", "Add --yes to confirm.")
        if input("Restore now? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    secret = _read_secret(args.secret_file, "Passphrase or recovery code of that day: ")
    restored = vault.restore(
        Path(args.file), secret, replace_other_practice=args.replace_other_practice
    )
    restored.practice.close("cli")
    print("Restored.")
    if restored.kept_aside:
        print(f"The replaced files are in {restored.kept_aside}")
    if restored.used_recovery_code:
        print("Opened with the recovery code: choose a new passphrase with change-passphrase.")
    return 0


def cmd_export_client(args: argparse.Namespace) -> int:
    from practice_desk.services.exports import CLIENT_JSON_NOTE

    practice = _unlocked(args)
    try:
        exported = practice.exports.client_access(
            args.client_id,
            Path(args.folder),
            include_process_notes_reason=args.process_notes_reason or None,
        )
    finally:
        practice.close("cli")
    print(f"Record (PDF, {exported.pages} pages): {exported.pdf_path}")
    print(f"Data (JSON): {exported.json_path}")
    print(CLIENT_JSON_NOTE)
    return 0


def cmd_retention_report(args: argparse.Namespace) -> int:
    practice = _unlocked(args)
    try:
        years = practice.retention.policy.years
        due = practice.retention.report()
        pending = practice.retention.pending()
    finally:
        practice.close("cli")
    print(f"Records are kept for {years} years after the last activity.")
    if not due:
        print("No records are past the retention period.")
    else:
        print(
            f"{len(due)} record(s) past the retention period (client no., work, last, due since):"
        )
        for record in due:
            kind = record.kind.value if record.kind else "no contract"
            print(
                f"  {record.client_id:>6}  {kind:<11}  {record.last_activity_on}  {record.due_on}"
            )
        print("Review them by name in Practice Desk: Records, then Records retention.")
    if pending:
        print(f"{len(pending)} deleted record(s) can still be brought back.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="practice-desk-cli", description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="the practice's data folder (default: the usual one)")
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="create a new practice")
    init.add_argument("--practice-name", required=True)
    init.add_argument("--practitioner-name", required=True)
    init.add_argument("--credentials", default="")
    init.add_argument("--passphrase-file")
    init.add_argument("--recovery-kit", help="save the recovery kit PDF here")
    init.set_defaults(run=cmd_init)

    check = sub.add_parser("check", help="unlock and run both integrity checks")
    check.add_argument("--passphrase-file")
    check.set_defaults(run=cmd_check)

    change = sub.add_parser("change-passphrase", help="choose a new passphrase")
    change.add_argument("--passphrase-file")
    change.add_argument("--new-passphrase-file")
    change.set_defaults(run=cmd_change_passphrase)

    audit = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="check every link of the audit trail's chain")
    verify.add_argument("--passphrase-file")
    verify.set_defaults(run=cmd_audit_verify)

    backup = sub.add_parser("backup", help="write and check an encrypted backup now")
    backup.add_argument("--passphrase-file")
    backup.add_argument("--folder", help="a one-off backup into this folder (no rotation)")
    backup.set_defaults(run=cmd_backup)

    verify_backup = sub.add_parser("verify-backup", help="check a backup file completely")
    verify_backup.add_argument("file")
    verify_backup.add_argument("--secret-file", help="that day's passphrase or recovery code")
    verify_backup.add_argument(
        "--checksums-only", action="store_true", help="check the checksums without a secret"
    )
    verify_backup.set_defaults(run=cmd_verify_backup)

    restore = sub.add_parser("restore", help="replace the practice with a backup")
    restore.add_argument("file")
    restore.add_argument("--secret-file", help="that day's passphrase or recovery code")
    restore.add_argument("--yes", action="store_true", help="don't ask for confirmation")
    restore.add_argument(
        "--replace-other-practice",
        action="store_true",
        help="allow a backup of a different practice to replace this one",
    )
    restore.set_defaults(run=cmd_restore)

    export_client = sub.add_parser(
        "export-client", help="a client's own record for them, as PDF and JSON"
    )
    export_client.add_argument(
        "client_id", type=int, help="the client's number (Client no. on their page)"
    )
    export_client.add_argument("folder")
    export_client.add_argument("--passphrase-file")
    export_client.add_argument(
        "--process-notes-reason", help="include process notes, for this reason (it is audited)"
    )
    export_client.set_defaults(run=cmd_export_client)

    retention = sub.add_parser(
        "retention-report", help="records past the retention period (numbers and dates only)"
    )
    retention.add_argument("--passphrase-file")
    retention.set_defaults(run=cmd_retention_report)

    info = sub.add_parser("info", help="where the practice is and how it is protected")
    info.set_defaults(run=cmd_info)

    forget = sub.add_parser(
        "forget-key",
        help="remove the key that 'Remember on this computer' put in the system keychain",
    )
    forget.set_defaults(run=cmd_forget_key)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    restrict_new_files()
    try:
        return int(args.run(args))
    except PracticeDeskError as exc:
        print(f"{exc.title}: {exc}", file=sys.stderr)
        return 2
    except (ProfileInvalid, PassphraseRejected) as exc:
        print(f"Not accepted: {exc} Nothing was changed.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"A file could not be read or written: {exc.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
