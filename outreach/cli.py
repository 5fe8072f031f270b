"""Command-line tasks (`flask --app outreach ...`), as DESIGN.md section 4 lists them."""
import functools

import click
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import select

from . import ratelimit, scope
from .errors import DomainError
from .extensions import db
from .models import Operation
from .services.areas import areas, basemap, osm, osm_basemap
from .services.areas.geo import LEVELS
from .services.mutual_aid import needs
from .services.operation import backup as backups
from .services.operation import demo, operations, replica, retention
from .services.people import accounts, tokens
from .services.sms import gateways, phones
from .vocab import ROLES


def register(app) -> None:
    """Attach the commands to the app."""
    for command in (init_db, seed_demo, create_user, create_token, expire_claims, purge, backup, restore):
        app.cli.add_command(command)
    for command in (import_areas, import_osm, split_blocks, import_basemap, build_basemap):
        app.cli.add_command(command)
    for command in (create_operation, close_operation, archive_operation, reopen_operation, add_member):
        app.cli.add_command(command)
    app.cli.add_command(expire_assignments)
    for command in (create_sms_gateway, revoke_sms_gateway):
        app.cli.add_command(command)


def in_operation(command):
    """Give a command `--operation SLUG`; without it, the only active operation (several: refused, named)."""

    @click.option("--operation", "operation_slug", default=None, metavar="SLUG",
                  help="The operation to act on (needed when there are several active ones).")
    @functools.wraps(command)
    def run(*args, operation_slug=None, **kwargs):
        try:
            operation = operations.named(operation_slug) if operation_slug else operations.only_active()
        except DomainError as error:
            raise click.ClickException(error.message) from error
        with scope.working_in(scope.ref(operation)):
            return command(*args, **kwargs)

    return run


def each_operation(work) -> int:
    """Run `work()` in every operation that is not archived and add up what it returns (timers, cron)."""
    total = 0
    for operation in db.session.scalars(select(Operation).where(Operation.status != "archived")).all():
        with scope.working_in(scope.ref(operation)):
            total += work()
    return total


@click.command("create-operation")
@click.argument("slug")
@click.option("--name", required=True, help="The name people see in every page's header.")
@click.option("--exercise", is_flag=True, help="A drill: every page, packet and export says Exercise.")
def create_operation(slug, name, exercise):
    """Make an operation (a storm, a heat wave, a drill), sealed from the others."""
    operation = run_or_fail(lambda: operations.create(slug, name, exercise))
    click.echo(f"Created {'exercise' if operation.exercise else 'operation'} {operation.slug} ({operation.name}).")


def life_cycle_command(name: str, status: str, says: str):
    """A command that moves an operation to `status`."""

    @click.command(name)
    @click.argument("slug")
    def command(slug):
        operation = run_or_fail(lambda: operations.set_status(operations.named(slug), status))
        click.echo(f"Operation {operation.slug} {says}.")

    command.__doc__ = f"Mark an operation {status} (DESIGN section 7)."
    return command


close_operation = life_cycle_command(
    "close-operation", "closed", "is closed: late syncs of earlier work are still taken, new work is refused")
archive_operation = life_cycle_command(
    "archive-operation", "archived", "is archived: hidden from pickers, still listed and exportable")
reopen_operation = life_cycle_command("reopen-operation", "active", "is active again")


@click.command("add-member")
@click.argument("email")
@click.option("--operation", "slug", required=True, metavar="SLUG")
@click.option("--role", type=click.Choice(ROLES), required=True)
def add_member(email, slug, role):
    """Give an existing account a role in an operation."""
    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    run_or_fail(lambda: operations.add_member(user, operations.named(slug), role))
    click.echo(f"{user.email} is now {role} in {slug}.")


@click.command("init-db")
def init_db():
    """Create or upgrade the schema (runs the migrations)."""
    upgrade()
    click.echo("Database is at the latest schema.")


@click.command("seed-demo")
def seed_demo():
    """Load the demo operation once; running it again changes nothing."""
    created = demo.seed()
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data was already there; nothing changed.")
    click.echo(demo.logins_text())


@click.command("create-user")
@in_operation
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--trained-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date of eCPR training, YYYY-MM-DD.")
@click.option("--group", default=None, help="Aid group of an aid member (created if needed).")
@click.option("--sms-phone", default=None, help="The volunteer's own mobile number, for texting when data is down.")
def create_user(email, role, name, password, trained_on, group, sms_phone):
    """Make an account."""
    try:
        user = accounts.create_user(
            email=email, role=role, name=name,
            password_hash=accounts.new_password_hash(password, email=email, name=name),
            trained_on=trained_on.date() if trained_on else None, group_name=group)
        phones.set_number(user, sms_phone)
    except DomainError as error:
        db.session.rollback()  # an account made before its SMS number was refused is not kept
        hint = (f" To give it a role in {scope.current().slug}: add-member {email.strip().lower()} --operation "
                f"{scope.current().slug} --role {role}." if error.fields.get("email") == "taken" else "")
        raise click.ClickException(error.message + hint) from error
    db.session.commit()
    click.echo(f"Created {role} {user.email} (id {user.id}) in {scope.current().slug}.")


@click.command("create-token")
@in_operation
@click.argument("email")
def create_token(email):
    """Print a new API token for an account, acting on the operation (the person must be a member of it)."""
    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    if user.role is None:
        raise click.ClickException(f"{user.email} is not a member of {scope.current().slug}: "
                                   f"add-member {user.email} --operation {scope.current().slug} --role ROLE first.")
    token = tokens.issue(user, label="cli")
    db.session.commit()
    click.echo(token)


def run_or_fail(operation):
    """Run a service operation and commit it; a domain error rolls back and exits non-zero with its message."""
    try:
        result = operation()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    return result


@click.command("import-areas")
@in_operation
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--level", type=click.Choice(LEVELS), required=True)
@click.option("--name-property", default=None, help="Property holding the names (detected when not given).")
@click.option("--priority-property", default=None, help="Numeric property to use as priority (e.g. population).")
@click.option("--repair", is_flag=True, help="Mend invalid polygons with make_valid instead of refusing them.")
def import_areas(path, level, name_property, priority_property, repair):
    """Import a GeoJSON FeatureCollection of neighborhoods, blocks, places or streets; all or nothing."""
    with open(path, "rb") as file:
        data = file.read()
    result = run_or_fail(lambda: areas.import_areas(data, level, name_property, priority_property, repair))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(result.summary())


@click.command("import-osm")
@in_operation
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--neighborhoods", is_flag=True, help="Also import the named neighbourhood and suburb polygons.")
def import_osm(path, neighborhoods):
    """Import streets, public places (and neighborhoods) from an OpenStreetMap extract (.osm.pbf); all or nothing."""
    result = run_or_fail(lambda: osm.import_extract(path, neighborhoods))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(result.summary())


@click.command("split-blocks")
@in_operation
@click.option("--neighborhood", "names", multiple=True, help="Name (or code) of a neighborhood; repeatable.")
@click.option("--all", "split_all", is_flag=True, help="Split every neighborhood.")
@click.option("--block-size-m", type=click.FloatRange(min=10), default=None, help="Block side in metres.")
@click.option("--target-blocks", type=click.IntRange(min=1), default=None,
              help="Instead of a size: about this many blocks per neighborhood.")
@click.option("--along-streets", is_flag=True, help="Cut along the imported streets first (needs --block-size-m).")
def split_blocks(names, split_all, block_size_m, target_blocks, along_streets):
    """Split neighborhoods into walkable blocks of about M metres (replaces blocks nobody has worked on)."""
    if bool(names) == split_all:
        raise click.UsageError("Give --neighborhood NAME or --all.")
    if (block_size_m is None) == (target_blocks is None):
        raise click.UsageError("Give --block-size-m M or --target-blocks N.")

    def split():
        hoods = None if split_all else [areas.find_neighborhood(name) for name in names]
        return areas.split_neighborhoods(hoods, block_size_m, target_blocks, along_streets)

    click.echo(run_or_fail(split).summary())


@click.command("import-basemap")
@in_operation
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_basemap(path):
    """Check an offline vector basemap (PMTiles) and keep it under instance/ for the operation's maps to draw."""
    try:
        kept = basemap.keep(path, current_app.instance_path, scope.current().slug)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    west, south, east, north = kept.bounds
    click.echo(f"Basemap kept at {kept.path}: zoom {kept.min_zoom} to {kept.max_zoom}, "
               f"bounds {west:.4f},{south:.4f},{east:.4f},{north:.4f}.")


@click.command("build-basemap")
@in_operation
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--max-zoom", type=click.IntRange(10, 16), default=osm_basemap.MAX_ZOOM, show_default=True,
              help="The closest zoom the tiles hold (15: street level; 16 doubles the size).")
def build_basemap(path, max_zoom):
    """Build the offline vector basemap from an OpenStreetMap extract (.osm.pbf) and keep it as import-basemap does."""
    try:
        built = osm_basemap.build(path, current_app.instance_path, scope.current().slug, max_zoom)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(built.summary())


@click.command("expire-claims")
def expire_claims():
    """Reopen needs whose claim has lapsed (listing needs does this too; run it from cron if you like)."""
    count = each_operation(needs.expire_claims)
    db.session.commit()
    click.echo(f"{count} lapsed claim(s) reopened.")


@click.command("purge")
@in_operation
@click.option("--older-than-days", type=click.IntRange(min=0), default=None,
              help="Erase notes older than this many days (default: NOTES_RETENTION_DAYS).")
def purge(older_than_days):
    """Erase notes older than N days (audited) and stale sessions and claim returns: the daily run, for a timer."""
    config = current_app.config
    days = older_than_days if older_than_days is not None else config["NOTES_RETENTION_DAYS"]
    counts = retention.purge(days)
    stale = retention.forget_stale_rows(config["DEVICE_TOKEN_DAYS"], needs.ClaimLimits.from_config(config))
    ratelimit.purge_expired()
    db.session.commit()
    click.echo(f"Erased the notes of {counts['visit_notes']} visits, the hints and notes of "
               f"{counts['need_texts']} finished needs, {counts['geocoder_answers']} cached geocoder "
               f"answers and {counts['sms_log']} logged texts older than {days} days.")
    click.echo(f"Deleted {stale['login_sessions']} ended or old sign-in sessions and "
               f"{stale['claim_returns']} given-back claims that no rule needs any more.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup(path):
    """Write a consistent copy of the database to PATH while the app keeps running."""
    try:
        click.echo(backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path))
    except DomainError as error:
        raise click.ClickException(error.message) from error


@click.command("restore")
@click.argument("replica_path", metavar="REPLICA")
@click.option("--force", is_flag=True, help="Replace the database this machine already has.")
def restore(replica_path, force):
    """Bring the database back from a continuous replica (OUTREACH_REPLICA: a folder or sftp://...)."""
    try:
        click.echo(replica.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], replica_path, force=force))
    except DomainError as error:
        raise click.ClickException(error.message) from error


@click.command("expire-assignments")
def expire_assignments():
    """Release assignments past their expiry (safe to run from cron on any app server)."""
    from .services.fieldwork.assignment import expire_due
    released = each_operation(lambda: len(expire_due()))
    db.session.commit()
    click.echo(f"Released {released} expired assignment(s).")


@click.command("create-sms-gateway")
@in_operation
@click.argument("name")
@click.option("--url", "base_url", default=None, metavar="URL",
              help="The address the gateway phone reaches the app at (default: PUBLIC_URL, else https://LAN_HOST:8443).")
def create_sms_gateway(name, base_url):
    """A credential for one SMS gateway phone (cht-gateway): prints the URL, user and password to enter in it."""
    gateway, password = run_or_fail(lambda: gateways.create(name))
    base = (base_url or current_app.config.get("PUBLIC_URL") or "https://LAN_HOST:8443").rstrip("/")
    scheme, _, rest = base.partition("://")
    click.echo(f"Gateway {gateway.name} for operation {scope.current().slug}.")
    click.echo(f"URL:      {base}/api/v1/sms/medic-gateway")
    click.echo(f"User:     {gateway.name}")
    click.echo(f"Password: {password}")
    click.echo(f"cht-gateway (generic build) WebappUrl: {scheme}://{gateway.name}:{password}@{rest}/api/v1/sms/medic-gateway")
    click.echo("The password is shown only now. revoke-sms-gateway NAME stops it working.")


@click.command("revoke-sms-gateway")
@in_operation
@click.argument("name")
def revoke_sms_gateway(name):
    """Stop an SMS gateway phone's credential working (a lost or stolen phone)."""
    gateway = run_or_fail(lambda: gateways.revoke(name))
    click.echo(f"Gateway {gateway.name} is revoked.")
