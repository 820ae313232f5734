/** The tokens port on the table: one item per token hash, listed in the TOKENS index partition. */
import { tokenIdOf } from '../../../shared/auth/tokens.js';
import { type TokenRecord, tokenRecordSchema } from '../../../shared/model.js';
import { TokenExistsError, TokenNotRevocableError, type TokenStore } from '../../../shared/store/tokens.js';
import { indexKeys, keys, queries } from '../../../shared/table-design.js';
import { EXISTS, IS_NEW, type Table } from './table.js';

export class DynamoTokenStore implements TokenStore {
  constructor(private readonly table: Table) {}

  get(tokenHash: string): Promise<TokenRecord | undefined> {
    return this.table.get(keys.token(tokenHash), tokenRecordSchema);
  }

  async put(token: TokenRecord): Promise<void> {
    await this.table.put(
      {
        Item: { ...keys.token(token.tokenHash), ...indexKeys.token(token.tokenId), ...token },
        ConditionExpression: IS_NEW,
      },
      (cause) => new TokenExistsError(token.tokenId, { cause }),
    );
  }

  list(): Promise<TokenRecord[]> {
    return this.table.query(queries.tokens(), tokenRecordSchema);
  }

  async revoke(tokenHash: string, at: string): Promise<void> {
    await this.table.update(
      {
        Key: keys.token(tokenHash),
        UpdateExpression: 'SET revokedAt = :at',
        ConditionExpression: `${EXISTS} AND revokedAt = :null`,
        ExpressionAttributeValues: { ':at': at, ':null': null },
      },
      (cause) => new TokenNotRevocableError(tokenIdOf(tokenHash), { cause }),
    );
  }
}
