import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import Country, GovernmentLevel, User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"official{n}@example.org")
    full_name = factory.Faker("name", locale="es_MX")
    country = Country.GUATEMALA
    government_level = GovernmentLevel.MUNICIPAL
    institution = "Municipalidad de prueba"
    preferred_language = "es"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))


class VerifiedUserFactory(UserFactory):
    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
