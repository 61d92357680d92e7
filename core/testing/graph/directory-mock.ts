/**
 * The directory as Graph serves it to a signed-in user: `GET /users/{id | userPrincipalName}`, which
 * tools use to turn an address into the object id Graph wants where it names people by id (chat
 * members). Someone outside the tenant's directory is Graph's 404 `Request_ResourceNotFound`.
 */
import { http, type RequestHandler } from 'msw';
import type { GraphMockEnv } from '../types';
import { USER_PROPERTIES, userResource } from './core-mock';

/** Any of these lets a user read other users' basic profiles (least privilege first). */
const READ_USERS = ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'];

export function directoryGraphHandlers(env: GraphMockEnv): RequestHandler[] {
  return [
    http.get(`${env.graphBaseUrl}/users/:user`, ({ request, params }) => {
      const caller = env.authenticate(request, { anyScope: READ_USERS });
      if (caller instanceof Response) return caller;
      const key = decodeURIComponent(String(params.user));
      // Graph resolves an object id or a userPrincipalName here, not any other address of the user.
      const user = env.tenant.users.find(
        (u) =>
          u.tenantId === caller.tenantId && (u.id === key || u.userPrincipalName.toLowerCase() === key.toLowerCase()),
      );
      if (!user) {
        return env.graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
      const selected = new URL(request.url).searchParams.has('$select');
      return env.odata.entity(request, userResource(user, selected), {
        context: `${env.graphBaseUrl}/$metadata#users`,
        properties: USER_PROPERTIES,
        entityType: 'microsoft.graph.user',
      });
    }),
  ];
}
