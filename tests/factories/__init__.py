from .accounts import UserFactory, VerifiedUserFactory

__all__ = ["UserFactory", "VerifiedUserFactory"]
