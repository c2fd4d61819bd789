"""Demo accounts, one per role, verified so that they can sign in at once."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import Country, GovernmentLevel, InstitutionType, User
from .roles import Role, focal_point_group_name
from .services import user_record_consent

DEMO_USERS = [
    {
        "email": "learner@example.org",
        "full_name": "Ana Lucía Pérez",
        "country": Country.HONDURAS,
        "government_level": GovernmentLevel.MUNICIPAL,
        "institution": "Municipalidad de Choloma (demo)",
        "institution_type": InstitutionType.EXECUTIVE,
        "position": "Técnica de la Oficina Municipal de la Mujer",
        "gender": "woman",
        "groups": [Role.LEARNERS],
    },
    {
        "email": "trainer@example.org",
        "full_name": "Daniel Okafor",
        "country": Country.CANADA,
        "government_level": GovernmentLevel.NATIONAL,
        "institution": "Campus training team (demo)",
        "institution_type": InstitutionType.INTERNATIONAL,
        "position": "Trainer",
        "preferred_language": "en",
        "gender": "man",
        "groups": [Role.LEARNERS, Role.TRAINERS],
    },
    {
        "email": "focal.gt@example.org",
        "full_name": "María José Xicará",
        "country": Country.GUATEMALA,
        "government_level": GovernmentLevel.NATIONAL,
        "institution": "Punto focal nacional de Guatemala (demo)",
        "institution_type": InstitutionType.EXECUTIVE,
        "position": "Punto focal",
        "gender": "woman",
        "groups": [Role.LEARNERS, focal_point_group_name(Country.GUATEMALA)],
    },
    {
        "email": "secretariat@example.org",
        "full_name": "Sophie Tremblay",
        "country": Country.COSTA_RICA,
        "government_level": GovernmentLevel.OTHER,
        "institution": "Secretaría Técnica de la CRM (demo)",
        "institution_type": InstitutionType.INTERNATIONAL,
        "position": "Coordinatrice",
        "preferred_language": "fr",
        "gender": "undisclosed",
        "groups": [Role.LEARNERS, Role.SECRETARIAT],
    },
]


def load(*, password: str, stdout) -> None:
    stdout.write("Demo accounts (all verified):")
    for spec in DEMO_USERS:
        spec = dict(spec)
        group_names = spec.pop("groups")
        email = spec.pop("email")
        spec.setdefault("preferred_language", "es")
        user, _created = User.objects.update_or_create(email=email, defaults=spec)
        user.set_password(password)
        user.save(update_fields=["password"])
        user.groups.set(Group.objects.filter(name__in=group_names))
        if user.privacy_consent_at is None:
            user_record_consent(user=user)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        stdout.write(f"  {email:<26} {password}   ({', '.join(group_names)})")
