"""waiver.schema.json as code: written by scripts/schema_validity.py from fastjsonschema 2.22.3; do not edit."""
VERSION = "2.22.3"
from decimal import Decimal
from . import Refused as JsonSchemaValueException, Refused as JsonSchemaValuesException


NoneType = type(None)

def validate_https___evidence_site_dev_schemas_waiver_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/waiver.schema.json', 'title': 'waiver record (evidence/<release>/waivers/<name>.yml)', 'description': "Items a release goes without, why, approved by the owning section's role. See docs/format.md.", 'type': 'object', 'required': ['kind', 'type', 'reason', 'approved_by'], 'additionalProperties': False, 'properties': {'kind': {'description': 'always waiver', 'const': 'waiver'}, 'items': {'description': 'the item refs (<section-id>/<item-id>) it covers; with sections:, in addition to theirs', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'type': {'description': 'not-applicable, accepted-risk or deferred (the last two need expires)', 'enum': ['not-applicable', 'accepted-risk', 'deferred']}, 'reason': {'description': 'why the release goes without these items', 'type': 'string', 'minLength': 1}, 'approved_by': {'description': "the approver's e-mail address, a member of the section's owner role", 'type': 'string'}, 'expires': {'description': 'the last day it counts, an ISO-8601 date'}, 'ticket': {'description': 'where the follow-up is tracked', 'type': 'string'}, 'sections': {'description': 'section ids whose every item it covers', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}}, 'anyOf': [{'required': ['items']}, {'required': ['sections']}]}, rule='type')
    data_any_of_count1 = 0
    if not data_any_of_count1:
        try:
            data_is_dict = isinstance(data, dict)
            if data_is_dict:
                data__missing_keys = set(['items']) - data.keys()
                if data__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['items']}, rule='required')
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        try:
            data_is_dict = isinstance(data, dict)
            if data_is_dict:
                data__missing_keys = set(['sections']) - data.keys()
                if data__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'required': ['sections']}, rule='required')
            data_any_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if not data_any_of_count1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " cannot be validated by any definition", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/waiver.schema.json', 'title': 'waiver record (evidence/<release>/waivers/<name>.yml)', 'description': "Items a release goes without, why, approved by the owning section's role. See docs/format.md.", 'type': 'object', 'required': ['kind', 'type', 'reason', 'approved_by'], 'additionalProperties': False, 'properties': {'kind': {'description': 'always waiver', 'const': 'waiver'}, 'items': {'description': 'the item refs (<section-id>/<item-id>) it covers; with sections:, in addition to theirs', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'type': {'description': 'not-applicable, accepted-risk or deferred (the last two need expires)', 'enum': ['not-applicable', 'accepted-risk', 'deferred']}, 'reason': {'description': 'why the release goes without these items', 'type': 'string', 'minLength': 1}, 'approved_by': {'description': "the approver's e-mail address, a member of the section's owner role", 'type': 'string'}, 'expires': {'description': 'the last day it counts, an ISO-8601 date'}, 'ticket': {'description': 'where the follow-up is tracked', 'type': 'string'}, 'sections': {'description': 'section ids whose every item it covers', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}}, 'anyOf': [{'required': ['items']}, {'required': ['sections']}]}, rule='anyOf')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['kind', 'type', 'reason', 'approved_by']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/waiver.schema.json', 'title': 'waiver record (evidence/<release>/waivers/<name>.yml)', 'description': "Items a release goes without, why, approved by the owning section's role. See docs/format.md.", 'type': 'object', 'required': ['kind', 'type', 'reason', 'approved_by'], 'additionalProperties': False, 'properties': {'kind': {'description': 'always waiver', 'const': 'waiver'}, 'items': {'description': 'the item refs (<section-id>/<item-id>) it covers; with sections:, in addition to theirs', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'type': {'description': 'not-applicable, accepted-risk or deferred (the last two need expires)', 'enum': ['not-applicable', 'accepted-risk', 'deferred']}, 'reason': {'description': 'why the release goes without these items', 'type': 'string', 'minLength': 1}, 'approved_by': {'description': "the approver's e-mail address, a member of the section's owner role", 'type': 'string'}, 'expires': {'description': 'the last day it counts, an ISO-8601 date'}, 'ticket': {'description': 'where the follow-up is tracked', 'type': 'string'}, 'sections': {'description': 'section ids whose every item it covers', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}}, 'anyOf': [{'required': ['items']}, {'required': ['sections']}]}, rule='required')
        data_keys = set(data.keys())
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not (isinstance(data__kind, str) and data__kind == 'waiver'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be same as const definition: waiver", value=data__kind, name="" + (name_prefix or "data") + ".kind", definition={'description': 'always waiver', 'const': 'waiver'}, rule='const')
        if "items" in data_keys:
            data_keys.remove("items")
            data__items = data["items"]
            if not isinstance(data__items, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".items must be array", value=data__items, name="" + (name_prefix or "data") + ".items", definition={'description': 'the item refs (<section-id>/<item-id>) it covers; with sections:, in addition to theirs', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='type')
            data__items_is_list = isinstance(data__items, (list, tuple))
            if data__items_is_list:
                data__items_len = len(data__items)
                if data__items_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".items must contain at least 1 items", value=data__items, name="" + (name_prefix or "data") + ".items", definition={'description': 'the item refs (<section-id>/<item-id>) it covers; with sections:, in addition to theirs', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='minItems')
                for data__items_x, data__items_item in enumerate(data__items):
                    if not isinstance(data__items_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".items[{data__items_x}]".format(**locals()) + " must be string", value=data__items_item, name="" + (name_prefix or "data") + ".items[{data__items_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
        if "type" in data_keys:
            data_keys.remove("type")
            data__type = data["type"]
            if not (isinstance(data__type, str) and data__type == 'not-applicable' or isinstance(data__type, str) and data__type == 'accepted-risk' or isinstance(data__type, str) and data__type == 'deferred'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".type must be one of ['not-applicable', 'accepted-risk', 'deferred']", value=data__type, name="" + (name_prefix or "data") + ".type", definition={'description': 'not-applicable, accepted-risk or deferred (the last two need expires)', 'enum': ['not-applicable', 'accepted-risk', 'deferred']}, rule='enum')
        if "reason" in data_keys:
            data_keys.remove("reason")
            data__reason = data["reason"]
            if not isinstance(data__reason, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reason must be string", value=data__reason, name="" + (name_prefix or "data") + ".reason", definition={'description': 'why the release goes without these items', 'type': 'string', 'minLength': 1}, rule='type')
            if isinstance(data__reason, str):
                data__reason_len = len(data__reason)
                if data__reason_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".reason must be longer than or equal to 1 characters", value=data__reason, name="" + (name_prefix or "data") + ".reason", definition={'description': 'why the release goes without these items', 'type': 'string', 'minLength': 1}, rule='minLength')
        if "approved_by" in data_keys:
            data_keys.remove("approved_by")
            data__approvedby = data["approved_by"]
            if not isinstance(data__approvedby, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".approved_by must be string", value=data__approvedby, name="" + (name_prefix or "data") + ".approved_by", definition={'description': "the approver's e-mail address, a member of the section's owner role", 'type': 'string'}, rule='type')
        if "expires" in data_keys:
            data_keys.remove("expires")
            data__expires = data["expires"]
        if "ticket" in data_keys:
            data_keys.remove("ticket")
            data__ticket = data["ticket"]
            if not isinstance(data__ticket, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ticket must be string", value=data__ticket, name="" + (name_prefix or "data") + ".ticket", definition={'description': 'where the follow-up is tracked', 'type': 'string'}, rule='type')
        if "sections" in data_keys:
            data_keys.remove("sections")
            data__sections = data["sections"]
            if not isinstance(data__sections, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".sections must be array", value=data__sections, name="" + (name_prefix or "data") + ".sections", definition={'description': 'section ids whose every item it covers', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='type')
            data__sections_is_list = isinstance(data__sections, (list, tuple))
            if data__sections_is_list:
                data__sections_len = len(data__sections)
                if data__sections_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".sections must contain at least 1 items", value=data__sections, name="" + (name_prefix or "data") + ".sections", definition={'description': 'section ids whose every item it covers', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, rule='minItems')
                for data__sections_x, data__sections_item in enumerate(data__sections):
                    if not isinstance(data__sections_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".sections[{data__sections_x}]".format(**locals()) + " must be string", value=data__sections_item, name="" + (name_prefix or "data") + ".sections[{data__sections_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/waiver.schema.json', 'title': 'waiver record (evidence/<release>/waivers/<name>.yml)', 'description': "Items a release goes without, why, approved by the owning section's role. See docs/format.md.", 'type': 'object', 'required': ['kind', 'type', 'reason', 'approved_by'], 'additionalProperties': False, 'properties': {'kind': {'description': 'always waiver', 'const': 'waiver'}, 'items': {'description': 'the item refs (<section-id>/<item-id>) it covers; with sections:, in addition to theirs', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}, 'type': {'description': 'not-applicable, accepted-risk or deferred (the last two need expires)', 'enum': ['not-applicable', 'accepted-risk', 'deferred']}, 'reason': {'description': 'why the release goes without these items', 'type': 'string', 'minLength': 1}, 'approved_by': {'description': "the approver's e-mail address, a member of the section's owner role", 'type': 'string'}, 'expires': {'description': 'the last day it counts, an ISO-8601 date'}, 'ticket': {'description': 'where the follow-up is tracked', 'type': 'string'}, 'sections': {'description': 'section ids whose every item it covers', 'type': 'array', 'items': {'type': 'string'}, 'minItems': 1}}, 'anyOf': [{'required': ['items']}, {'required': ['sections']}]}, rule='additionalProperties')
    return data

validate = validate_https___evidence_site_dev_schemas_waiver_schema_json
