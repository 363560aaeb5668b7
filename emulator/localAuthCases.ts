import { localAuthServiceOf, type LocalAuthService } from '../src/azure/localAuthServices.js';

/** What a fixture needs so that a resource of a local-auth service has local authentication off. */
export interface LocalAuthOff {
  /** Merged into the resource row's `properties` (nested paths as nested objects, as ARM returns them). */
  properties: Record<string, unknown>;
  /** ARM child resources for the services whose setting is a child (App Service, MySQL). */
  armResources: Record<string, unknown>[];
}

/** `a.b.c` = v as nested objects. */
function nested(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/**
 * The fixture shape that turns local authentication off for a resource of `service`, per the
 * service's row in src/azure/localAuthServices.ts (the values Azure Policy's built-ins accept).
 */
export function localAuthOffFor(service: LocalAuthService, resourceId: string): LocalAuthOff {
  const rule = service.rule;
  switch (rule.kind) {
    case 'flagNotTrue':
      return { properties: nested(rule.path, true), armResources: [] };
    case 'flagNotFalse':
    case 'flagTrue':
      return { properties: nested(rule.path, false), armResources: [] };
    case 'textNot':
      return { properties: nested(rule.path, rule.value), armResources: [] };
    case 'listHasOrAbsent':
      return { properties: nested(rule.path, ['AAD']), armResources: [] };
    case 'publishingCredentials':
      return {
        properties: {},
        armResources: rule.names.map((name) => ({
          id: `${resourceId}/${rule.childPath}/${name}`,
          name,
          type: `${service.type.replace(/^microsoft\.web\/sites$/, 'Microsoft.Web/sites')}/${rule.childPath}`,
          properties: { allow: false },
        })),
      };
    case 'serverParameter': {
      const name = rule.childPath.split('/').pop()!;
      return {
        properties: {},
        armResources: [
          {
            id: `${resourceId}/${rule.childPath}`,
            name,
            type: 'Microsoft.DBforMySQL/flexibleServers/configurations',
            properties: { value: rule.value, defaultValue: 'OFF', source: 'user-override' },
          },
        ],
      };
    }
  }
}

/** The same for a Resource Graph type, or undefined when the type is not a local-auth service. */
export function localAuthOffForType(type: string, resourceId: string): LocalAuthOff | undefined {
  const service = localAuthServiceOf(type);
  return service ? localAuthOffFor(service, resourceId) : undefined;
}
