"""settings.schema.json as code: written by scripts/schema_validity.py from fastjsonschema 2.22.3; do not edit."""
VERSION = "2.22.3"
from decimal import Decimal
from . import Refused as JsonSchemaValueException, Refused as JsonSchemaValuesException


NoneType = type(None)

def validate_https___evidence_site_dev_schemas_settings_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', '$id': 'https://evidence-site.dev/schemas/settings.schema.json', 'title': "extra.evidence in mkdocs.yml: the generator's settings", 'description': "The `extra: evidence:` block of the repository's mkdocs.yml. See docs/site.md and docs/pdf.md.", 'type': 'object', 'properties': {'page_size': {'type': 'string', 'description': "the pack's page size: A4 (default) or Letter"}, 'allow_secrets': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}, 'description': 'values the secret scan must not report'}, 'trusted_committers': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}, 'description': "committer e-mails that merge or squash for others (the forge's), not flagged on records"}, 'require_signed_records': {'type': 'boolean', 'description': 'sign-offs and waivers verify only in commits with a good signature'}, 'sign': {'description': 'the PKCS#12 file `evidence build` signs every pack with (a path relative to the repository); `build --sign` overrides it'}, 'engine': {'enum': ['mkdocs', 'properdocs', 'zensical'], 'description': "the site's build engine (default mkdocs); `evidence build --engine` overrides it"}, 'fail_on_regression': {'type': 'boolean', 'description': '`evidence check --base` fails when the change makes a release worse (as --fail-on-regression)'}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "page_size" in data_keys:
            data_keys.remove("page_size")
            data__pagesize = data["page_size"]
            if not isinstance(data__pagesize, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".page_size must be string", value=data__pagesize, name="" + (name_prefix or "data") + ".page_size", definition={'type': 'string', 'description': "the pack's page size: A4 (default) or Letter"}, rule='type')
        if "allow_secrets" in data_keys:
            data_keys.remove("allow_secrets")
            data__allowsecrets = data["allow_secrets"]
            if not isinstance(data__allowsecrets, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".allow_secrets must be array", value=data__allowsecrets, name="" + (name_prefix or "data") + ".allow_secrets", definition={'type': 'array', 'items': {'type': 'string', 'minLength': 1}, 'description': 'values the secret scan must not report'}, rule='type')
            data__allowsecrets_is_list = isinstance(data__allowsecrets, (list, tuple))
            if data__allowsecrets_is_list:
                data__allowsecrets_len = len(data__allowsecrets)
                for data__allowsecrets_x, data__allowsecrets_item in enumerate(data__allowsecrets):
                    if not isinstance(data__allowsecrets_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".allow_secrets[{data__allowsecrets_x}]".format(**locals()) + " must be string", value=data__allowsecrets_item, name="" + (name_prefix or "data") + ".allow_secrets[{data__allowsecrets_x}]".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                    if isinstance(data__allowsecrets_item, str):
                        data__allowsecrets_item_len = len(data__allowsecrets_item)
                        if data__allowsecrets_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".allow_secrets[{data__allowsecrets_x}]".format(**locals()) + " must be longer than or equal to 1 characters", value=data__allowsecrets_item, name="" + (name_prefix or "data") + ".allow_secrets[{data__allowsecrets_x}]".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
        if "trusted_committers" in data_keys:
            data_keys.remove("trusted_committers")
            data__trustedcommitters = data["trusted_committers"]
            if not isinstance(data__trustedcommitters, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".trusted_committers must be array", value=data__trustedcommitters, name="" + (name_prefix or "data") + ".trusted_committers", definition={'type': 'array', 'items': {'type': 'string', 'minLength': 1}, 'description': "committer e-mails that merge or squash for others (the forge's), not flagged on records"}, rule='type')
            data__trustedcommitters_is_list = isinstance(data__trustedcommitters, (list, tuple))
            if data__trustedcommitters_is_list:
                data__trustedcommitters_len = len(data__trustedcommitters)
                for data__trustedcommitters_x, data__trustedcommitters_item in enumerate(data__trustedcommitters):
                    if not isinstance(data__trustedcommitters_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".trusted_committers[{data__trustedcommitters_x}]".format(**locals()) + " must be string", value=data__trustedcommitters_item, name="" + (name_prefix or "data") + ".trusted_committers[{data__trustedcommitters_x}]".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                    if isinstance(data__trustedcommitters_item, str):
                        data__trustedcommitters_item_len = len(data__trustedcommitters_item)
                        if data__trustedcommitters_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".trusted_committers[{data__trustedcommitters_x}]".format(**locals()) + " must be longer than or equal to 1 characters", value=data__trustedcommitters_item, name="" + (name_prefix or "data") + ".trusted_committers[{data__trustedcommitters_x}]".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
        if "require_signed_records" in data_keys:
            data_keys.remove("require_signed_records")
            data__requiresignedrecords = data["require_signed_records"]
            if not isinstance(data__requiresignedrecords, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".require_signed_records must be boolean", value=data__requiresignedrecords, name="" + (name_prefix or "data") + ".require_signed_records", definition={'type': 'boolean', 'description': 'sign-offs and waivers verify only in commits with a good signature'}, rule='type')
        if "sign" in data_keys:
            data_keys.remove("sign")
            data__sign = data["sign"]
        if "engine" in data_keys:
            data_keys.remove("engine")
            data__engine = data["engine"]
            if not (isinstance(data__engine, str) and data__engine == 'mkdocs' or isinstance(data__engine, str) and data__engine == 'properdocs' or isinstance(data__engine, str) and data__engine == 'zensical'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".engine must be one of ['mkdocs', 'properdocs', 'zensical']", value=data__engine, name="" + (name_prefix or "data") + ".engine", definition={'enum': ['mkdocs', 'properdocs', 'zensical'], 'description': "the site's build engine (default mkdocs); `evidence build --engine` overrides it"}, rule='enum')
        if "fail_on_regression" in data_keys:
            data_keys.remove("fail_on_regression")
            data__failonregression = data["fail_on_regression"]
            if not isinstance(data__failonregression, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".fail_on_regression must be boolean", value=data__failonregression, name="" + (name_prefix or "data") + ".fail_on_regression", definition={'type': 'boolean', 'description': '`evidence check --base` fails when the change makes a release worse (as --fail-on-regression)'}, rule='type')
    return data

validate = validate_https___evidence_site_dev_schemas_settings_schema_json
