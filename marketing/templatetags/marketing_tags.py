from django import template

from marketing.forms import SignupForm

register = template.Library()


@register.simple_tag
def newsletter_signup_form():
    """An empty footer sign-up form (a failed sign-up shows its errors on /newsletter/signup/)."""
    return SignupForm()
