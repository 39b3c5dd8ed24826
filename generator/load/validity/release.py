"""release.schema.json as code: written by scripts/schema_validity.py from fastjsonschema 2.22.3; do not edit."""
VERSION = "2.22.3"
from decimal import Decimal
from . import Refused as JsonSchemaValueException, Refused as JsonSchemaValuesException


NoneType = type(None)

def validate_https___evidence_site_dev_schemas_release_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/release.schema.json', 'title': 'release (evidence/<release>/release.yml)', 'description': 'One release: which checklists apply, its dates and tags. See docs/format.md.', 'type': 'object', 'required': ['version'], 'additionalProperties': False, 'properties': {'version': {'description': "must equal the release folder's name", 'type': 'string'}, 'title': {'description': 'shown beside the version', 'type': 'string'}, 'checklists': {'description': 'checklist ids that apply; default: every checklist', 'type': 'array', 'items': {'type': 'string'}}, 'target_date': {'description': 'planned go-live, an ISO-8601 date (2026-12-01)'}, 'released_at': {'description': 'when it went live, an ISO-8601 time; after-release due dates count from it and max_age is judged at it'}, 'status': {'description': 'where the release stands', 'enum': ['planned', 'in-progress', 'released', 'rolled-back']}, 'tags': {'description': 'switch on items whose applies_if names one of them', 'type': 'array', 'items': {'type': 'string'}}, 'notes': {'description': 'free text', 'type': 'string'}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['version']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/release.schema.json', 'title': 'release (evidence/<release>/release.yml)', 'description': 'One release: which checklists apply, its dates and tags. See docs/format.md.', 'type': 'object', 'required': ['version'], 'additionalProperties': False, 'properties': {'version': {'description': "must equal the release folder's name", 'type': 'string'}, 'title': {'description': 'shown beside the version', 'type': 'string'}, 'checklists': {'description': 'checklist ids that apply; default: every checklist', 'type': 'array', 'items': {'type': 'string'}}, 'target_date': {'description': 'planned go-live, an ISO-8601 date (2026-12-01)'}, 'released_at': {'description': 'when it went live, an ISO-8601 time; after-release due dates count from it and max_age is judged at it'}, 'status': {'description': 'where the release stands', 'enum': ['planned', 'in-progress', 'released', 'rolled-back']}, 'tags': {'description': 'switch on items whose applies_if names one of them', 'type': 'array', 'items': {'type': 'string'}}, 'notes': {'description': 'free text', 'type': 'string'}}}, rule='required')
        data_keys = set(data.keys())
        if "version" in data_keys:
            data_keys.remove("version")
            data__version = data["version"]
            if not isinstance(data__version, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".version must be string", value=data__version, name="" + (name_prefix or "data") + ".version", definition={'description': "must equal the release folder's name", 'type': 'string'}, rule='type')
        if "title" in data_keys:
            data_keys.remove("title")
            data__title = data["title"]
            if not isinstance(data__title, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".title must be string", value=data__title, name="" + (name_prefix or "data") + ".title", definition={'description': 'shown beside the version', 'type': 'string'}, rule='type')
        if "checklists" in data_keys:
            data_keys.remove("checklists")
            data__checklists = data["checklists"]
            if not isinstance(data__checklists, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklists must be array", value=data__checklists, name="" + (name_prefix or "data") + ".checklists", definition={'description': 'checklist ids that apply; default: every checklist', 'type': 'array', 'items': {'type': 'string'}}, rule='type')
            data__checklists_is_list = isinstance(data__checklists, (list, tuple))
            if data__checklists_is_list:
                data__checklists_len = len(data__checklists)
                for data__checklists_x, data__checklists_item in enumerate(data__checklists):
                    if not isinstance(data__checklists_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklists[{data__checklists_x}]".format(**locals()) + " must be string", value=data__checklists_item, name="" + (name_prefix or "data") + ".checklists[{data__checklists_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
        if "target_date" in data_keys:
            data_keys.remove("target_date")
            data__targetdate = data["target_date"]
        if "released_at" in data_keys:
            data_keys.remove("released_at")
            data__releasedat = data["released_at"]
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not (isinstance(data__status, str) and data__status == 'planned' or isinstance(data__status, str) and data__status == 'in-progress' or isinstance(data__status, str) and data__status == 'released' or isinstance(data__status, str) and data__status == 'rolled-back'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".status must be one of ['planned', 'in-progress', 'released', 'rolled-back']", value=data__status, name="" + (name_prefix or "data") + ".status", definition={'description': 'where the release stands', 'enum': ['planned', 'in-progress', 'released', 'rolled-back']}, rule='enum')
        if "tags" in data_keys:
            data_keys.remove("tags")
            data__tags = data["tags"]
            if not isinstance(data__tags, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".tags must be array", value=data__tags, name="" + (name_prefix or "data") + ".tags", definition={'description': 'switch on items whose applies_if names one of them', 'type': 'array', 'items': {'type': 'string'}}, rule='type')
            data__tags_is_list = isinstance(data__tags, (list, tuple))
            if data__tags_is_list:
                data__tags_len = len(data__tags)
                for data__tags_x, data__tags_item in enumerate(data__tags):
                    if not isinstance(data__tags_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".tags[{data__tags_x}]".format(**locals()) + " must be string", value=data__tags_item, name="" + (name_prefix or "data") + ".tags[{data__tags_x}]".format(**locals()) + "", definition={'type': 'string'}, rule='type')
        if "notes" in data_keys:
            data_keys.remove("notes")
            data__notes = data["notes"]
            if not isinstance(data__notes, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".notes must be string", value=data__notes, name="" + (name_prefix or "data") + ".notes", definition={'description': 'free text', 'type': 'string'}, rule='type')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/release.schema.json', 'title': 'release (evidence/<release>/release.yml)', 'description': 'One release: which checklists apply, its dates and tags. See docs/format.md.', 'type': 'object', 'required': ['version'], 'additionalProperties': False, 'properties': {'version': {'description': "must equal the release folder's name", 'type': 'string'}, 'title': {'description': 'shown beside the version', 'type': 'string'}, 'checklists': {'description': 'checklist ids that apply; default: every checklist', 'type': 'array', 'items': {'type': 'string'}}, 'target_date': {'description': 'planned go-live, an ISO-8601 date (2026-12-01)'}, 'released_at': {'description': 'when it went live, an ISO-8601 time; after-release due dates count from it and max_age is judged at it'}, 'status': {'description': 'where the release stands', 'enum': ['planned', 'in-progress', 'released', 'rolled-back']}, 'tags': {'description': 'switch on items whose applies_if names one of them', 'type': 'array', 'items': {'type': 'string'}}, 'notes': {'description': 'free text', 'type': 'string'}}}, rule='additionalProperties')
    return data

validate = validate_https___evidence_site_dev_schemas_release_schema_json
