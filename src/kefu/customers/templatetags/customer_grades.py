"""{% grade_badge customer.grade %}: a customer's grade as its coloured badge."""

from django import template

from kefu.customers.grades import grade_badge as badge
from kefu.customers.grades import grade_name as name

register = template.Library()


@register.simple_tag
def grade_badge(code: str):
    return badge(code)


@register.filter
def grade_name(code: str) -> str:
    return name(code)
