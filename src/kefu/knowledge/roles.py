"""Default permissions on the knowledge base per role (see accounts.roles).

Articles: the desk roles and outlets read them; experts and leads write them; leads publish and
archive. Categories are kept by admins.
"""

_READ = ["knowledge.view_article", "knowledge.view_articlecategory"]
_WRITE = _READ + ["knowledge.add_article", "knowledge.change_article"]
_PUBLISH = ["knowledge.publish_article"]
_CATEGORIES = [
    "knowledge.add_articlecategory",
    "knowledge.change_articlecategory",
]

# Answer templates and forbidden phrases (templates_*.py): the desk roles read them; leads and
# admins keep them.
_TEMPLATES_READ = ["knowledge.view_answertemplate", "knowledge.view_forbiddenphrase"]
_TEMPLATES_KEEP = _TEMPLATES_READ + [
    f"knowledge.{verb}_{model}"
    for verb in ("add", "change", "delete")
    for model in ("answertemplate", "forbiddenphrase")
]

ROLE_PERMISSIONS = {
    "agent": _READ + _TEMPLATES_READ,
    "expert": _WRITE + _TEMPLATES_READ,
    "supervisor": _WRITE + _PUBLISH + _TEMPLATES_KEEP,
    "manager": _WRITE + _PUBLISH + _TEMPLATES_KEEP,
    "dispatcher": _READ,
    "outlet": _READ,
    "admin": _WRITE + _PUBLISH + _CATEGORIES + _TEMPLATES_KEEP,
}
