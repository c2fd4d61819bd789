"""Who uses Campus. One `User` per person, identified by email (no usernames). The profile
fields (country, level of government, institution, optional gender) exist because the member
countries report training results disaggregated by them; consent to the privacy notice is
stored with its time and the notice version that was shown."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    BELIZE = "BZ", _("Belize")
    CANADA = "CA", _("Canada")
    COSTA_RICA = "CR", _("Costa Rica")
    DOMINICAN_REPUBLIC = "DO", _("Dominican Republic")
    EL_SALVADOR = "SV", _("El Salvador")
    GUATEMALA = "GT", _("Guatemala")
    HONDURAS = "HN", _("Honduras")
    MEXICO = "MX", _("Mexico")
    NICARAGUA = "NI", _("Nicaragua")
    PANAMA = "PA", _("Panama")
    UNITED_STATES = "US", _("United States")
    OTHER = "XX", _("Other country")

    @classmethod
    def members(cls) -> list["Country"]:
        """The eleven RCM member countries, without "other"."""
        return [c for c in cls if c != cls.OTHER]


class GovernmentLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal or local")
    STATE = "state", _("State or provincial")
    NATIONAL = "national", _("National")
    OTHER = "other", _("Other")


class InstitutionType(models.TextChoices):
    EXECUTIVE = "executive", _("Government administration")
    LEGISLATIVE = "legislative", _("Council or legislature")
    JUSTICE = "justice", _("Justice, prosecution or police")
    HEALTH_EDUCATION = "services", _("Health, education or social services")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    INTERNATIONAL = "international", _("International organisation")
    ACADEMIA = "academia", _("Academia")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    government_level = models.CharField(
        _("level of government"), max_length=16, choices=GovernmentLevel.choices, blank=True
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    institution_type = models.CharField(
        _("type of institution"), max_length=16, choices=InstitutionType.choices, blank=True
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    privacy_consent_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True
    )
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=32, blank=True
    )
    deletion_requested_at = models.DateTimeField(
        _("account deletion requested at"), null=True, blank=True
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        indexes = [models.Index(fields=["country", "government_level"])]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    @property
    def profile_is_complete(self) -> bool:
        return bool(self.full_name and self.country and self.government_level)
