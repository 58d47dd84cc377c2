"""Answer templates and forbidden phrases for the tests, written through the services."""

from kefu.knowledge.templates_services import (
    PhraseData,
    TemplateData,
    answer_template_create,
    forbidden_phrase_create,
)


def make_template(by, key="wh1", body="{客户称呼}，您好，坐席{坐席工号}为您服务。", **fields):
    data = TemplateData(
        category=fields.pop("category", "greeting"),
        key=key,
        title=fields.pop("title", f"模板 {key}"),
        body=body,
        **fields,
    )
    return answer_template_create(data=data, by=by)


def make_phrase(by, phrase="喂，说话呀！", suggestion="您好！请问有什么可以帮助您？", **fields):
    return forbidden_phrase_create(
        data=PhraseData(phrase=phrase, suggestion=suggestion, **fields), by=by
    )
