/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Which campaigns to list; every given criterion must hold. */
export type CampaignFilter = {
  /** Only campaigns whose date range contains this day (open ends count). */
  activeOn?: string | null | undefined;
  /** Only campaigns of one of these salespeople. */
  salespersonCodes?: Array<string> | null | undefined;
  /** Text contained in the number or description (case-insensitive). */
  search?: string | null | undefined;
  /** Only campaigns starting strictly after this day. */
  startingAfter?: string | null | undefined;
  /** Only campaigns starting strictly before this day. */
  startingBefore?: string | null | undefined;
  /** Only campaigns with one of these status codes. */
  statusCodes?: Array<string> | null | undefined;
};

/** Which contacts to list; every given criterion must hold (blank texts: any). */
export type ContactFilter = {
  /** Only blocked (true) or only unblocked (false) contacts. */
  blocked?: boolean | null | undefined;
  /** City, exactly but ignoring case. */
  city?: string | null | undefined;
  /** The company with this number and its persons. */
  companyNo?: string | null | undefined;
  /** Country/region code. */
  countryCode?: string | null | undefined;
  /** Only contacts of one of these salespeople. */
  salespersonCodes?: Array<string> | null | undefined;
  /** Text contained in the name or number (case-insensitive). */
  search?: string | null | undefined;
  /** Only companies or persons. */
  type?: ContactType | null | undefined;
};

/** One sort key for contacts. */
export type ContactOrder = {
  /** Ascending or descending. */
  direction?: OrderDirection;
  /** What to sort by. */
  field: ContactOrderField;
};

/** What contacts can be sorted by (ties broken by number). */
export type ContactOrderField =
  /** City (blank first when ascending). */
  | 'CITY'
  /** Name. */
  | 'NAME'
  /** Contact number. */
  | 'NO';

/** Whether a contact is a company or a person. */
export type ContactType =
  /** A company; it can have persons and is its own company. */
  | 'COMPANY'
  /** A person, who may belong to one company contact. */
  | 'PERSON';

/** What a line discount is for. */
export type DiscountType =
  /** One item. */
  | 'ITEM'
  /** Every item of an item discount group. */
  | 'ITEM_DISCOUNT_GROUP';

/** Stable code of an expected failure; clients switch on it. */
export type ErrorCode =
  /** The item's base unit of measure always holds 1 base unit and cannot be deleted. */
  | 'BASE_UNIT_OF_MEASURE'
  /** The record is blocked and cannot be assigned to new records. */
  | 'BLOCKED'
  /** The campaign's starting date is after its ending date. */
  | 'CAMPAIGN_DATES_INVALID'
  /** The campaign is still referenced and cannot be deleted. */
  | 'CAMPAIGN_IN_USE'
  /** An opportunity's campaign must be activated and running on its creation date (O1). */
  | 'CAMPAIGN_NOT_ELIGIBLE'
  /** A company contact that has persons cannot become a person. */
  | 'COMPANY_HAS_PERSONS'
  /** The company contact is already linked to another customer (one customer per company). */
  | 'CONTACT_ALREADY_LINKED'
  /** A company contact linked to a customer cannot become a person; unlink it first. */
  | 'CONTACT_LINKED_TO_CUSTOMER'
  /** A date formula is malformed; the message names the part. */
  | 'DATE_FORMULA_INVALID'
  /** A record with this key already exists. */
  | 'DUPLICATE'
  /** Only cancelled entries or interactions can be deleted. */
  | 'ENTRY_NOT_CANCELED'
  /** The acting user's role does not allow this operation. */
  | 'FORBIDDEN'
  /** This idempotency key was already used for a different input: use a new key. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The change sent with this idempotency key was already applied, but a record it returned has been deleted since: the repeat applies nothing and has nothing to return. */
  | 'IDEMPOTENT_RESULT_GONE'
  /** The value cannot be changed after creation. */
  | 'IMMUTABLE'
  /** A value is malformed (bad e-mail, control characters, bad cursor, ...). */
  | 'INVALID'
  /** The record is still referenced and cannot be deleted. */
  | 'IN_USE'
  /** The change would leave no active ADMIN user. */
  | 'LAST_ADMIN'
  /** A team is assigned an activity with a meeting step: name a meeting organizer. */
  | 'MEETING_ORGANIZER_REQUIRED'
  /** A record named in the input does not exist. */
  | 'NOT_FOUND'
  /** The campaign has no prices or discounts; activate with allowWithoutPricing to proceed. */
  | 'NO_CAMPAIGN_PRICING'
  /** Nothing to activate: no target segment line or interaction names the campaign. */
  | 'NO_CAMPAIGN_TARGETS'
  /** An opportunity in progress cannot be deleted: win or lose it first. */
  | 'OPPORTUNITY_IN_PROGRESS'
  /** A number or date is outside its allowed range. */
  | 'OUT_OF_RANGE'
  /** The interaction's campaign entry or logged segment is cancelled: restore that first. */
  | 'PARENT_CANCELED'
  /** A required value is missing or blank. */
  | 'REQUIRED'
  /** The segment has been logged already. */
  | 'SEGMENT_ALREADY_LOGGED'
  /** The segment has no line with a contact to log. */
  | 'SEGMENT_EMPTY'
  /** The segment is logged and can no longer change. */
  | 'SEGMENT_LOGGED_READ_ONLY'
  /** An opportunity can only skip to a stage that allows it. */
  | 'STAGE_NOT_SKIPPABLE'
  /** A meeting task cannot become another type, nor the reverse. */
  | 'TASK_TYPE_CHANGE'
  /** A text or key is longer than allowed. */
  | 'TOO_LONG'
  /** The change collided with concurrent changes and was rolled back, after being run again a few times: nothing changed. Send it again (with the same idempotency key). */
  | 'TRANSIENT_CONFLICT';

/** How an interaction went, as the salesperson judged it. */
export type Evaluation =
  /** Negative. */
  | 'NEGATIVE'
  /** Neutral. */
  | 'NEUTRAL'
  /** Positive. */
  | 'POSITIVE'
  /** Very negative. */
  | 'VERY_NEGATIVE'
  /** Very positive. */
  | 'VERY_POSITIVE';

/** Sort direction. */
export type OrderDirection =
  /** Ascending (A-Z, oldest first, blanks first). */
  | 'ASC'
  /** Descending (Z-A, newest first, blanks last). */
  | 'DESC';

/** Whether a segment can still change. */
export type SegmentStatus =
  /** Logged: its interactions are recorded and it is read-only. */
  | 'LOGGED'
  /** Being prepared: contacts and values can change. */
  | 'OPEN';

export type CampaignDashboardQueryVariables = Exact<{
  no: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type CampaignDashboardQuery = { campaign: { id: string, no: string, description: string, startingDate: string | null, endingDate: string | null, activated: boolean, status: { id: string, code: string, description: string } | null, salesperson: { id: string, code: string, name: string } | null, statistics: { targetContactsContacted: number, contactsResponded: number, responseRatePercent: string, cost: string, duration: string, averageCostPerResponse: string }, priceLines: { totalCount: number, nodes: Array<{ id: string, unitOfMeasure: string | null, minimumQuantity: string, unitPrice: string, startingDate: string | null, endingDate: string | null, item: { id: string, no: string, description: string } }> }, discountLines: { totalCount: number, nodes: Array<{ id: string, type: DiscountType, lineDiscountPercent: string, minimumQuantity: string, item: { id: string, no: string } | null, itemDiscountGroup: { id: string, code: string } | null }> }, segments: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, no: string, description: string, campaignTarget: boolean, status: SegmentStatus, lines: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, lineNo: number, campaignTarget: boolean, campaignResponse: boolean, contact: { id: string, no: string, name: string, email: string | null, interactions: { nodes: Array<{ id: string, entryNo: number, date: string, description: string, cost: string, campaignResponse: boolean, evaluation: Evaluation | null }> } } }> } }> } } | null };

export type CampaignDescriptionUpdateMutationVariables = Exact<{
  no: string;
  description: string;
}>;


export type CampaignDescriptionUpdateMutation = { campaignUpdate: { campaign: { id: string, no: string, description: string, lastDateModified: string } | null, errors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type CampaignListQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: CampaignFilter | null | undefined;
}>;


export type CampaignListQuery = { campaigns: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, no: string, description: string, status: { id: string, code: string } | null, statistics: { contactsResponded: number, cost: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ContactsNodesPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ContactFilter | null | undefined;
}>;


export type ContactsNodesPageQuery = { contacts: { totalCount: number, nodes: Array<{ id: string, no: string, name: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ContactsPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ContactFilter | null | undefined;
  orderBy?: Array<ContactOrder> | ContactOrder | null | undefined;
}>;


export type ContactsPageQuery = { contacts: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, no: string, name: string, type: ContactType, city: string | null, company: { id: string, no: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };


export const CampaignDashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CampaignDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"no"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"campaign"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"no"},"value":{"kind":"Variable","name":{"kind":"Name","value":"no"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"startingDate"}},{"kind":"Field","name":{"kind":"Name","value":"endingDate"}},{"kind":"Field","name":{"kind":"Name","value":"activated"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"salesperson"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"targetContactsContacted"}},{"kind":"Field","name":{"kind":"Name","value":"contactsResponded"}},{"kind":"Field","name":{"kind":"Name","value":"responseRatePercent"}},{"kind":"Field","name":{"kind":"Name","value":"cost"}},{"kind":"Field","name":{"kind":"Name","value":"duration"}},{"kind":"Field","name":{"kind":"Name","value":"averageCostPerResponse"}}]}},{"kind":"Field","name":{"kind":"Name","value":"priceLines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"item"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unitOfMeasure"}},{"kind":"Field","name":{"kind":"Name","value":"minimumQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"}},{"kind":"Field","name":{"kind":"Name","value":"startingDate"}},{"kind":"Field","name":{"kind":"Name","value":"endingDate"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"discountLines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"item"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}}]}},{"kind":"Field","name":{"kind":"Name","value":"itemDiscountGroup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lineDiscountPercent"}},{"kind":"Field","name":{"kind":"Name","value":"minimumQuantity"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"campaignTarget"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lineNo"}},{"kind":"Field","name":{"kind":"Name","value":"campaignTarget"}},{"kind":"Field","name":{"kind":"Name","value":"campaignResponse"}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"interactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"campaignNo"},"value":{"kind":"Variable","name":{"kind":"Name","value":"no"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"entryNo"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"cost"}},{"kind":"Field","name":{"kind":"Name","value":"campaignResponse"}},{"kind":"Field","name":{"kind":"Name","value":"evaluation"}}]}}]}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CampaignDashboardQuery, CampaignDashboardQueryVariables>;
export const CampaignDescriptionUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CampaignDescriptionUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"no"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"description"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"campaignUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"no"},"value":{"kind":"Variable","name":{"kind":"Name","value":"no"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"description"},"value":{"kind":"Variable","name":{"kind":"Name","value":"description"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"campaign"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"lastDateModified"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<CampaignDescriptionUpdateMutation, CampaignDescriptionUpdateMutationVariables>;
export const CampaignListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CampaignList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CampaignFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"campaigns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statistics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactsResponded"}},{"kind":"Field","name":{"kind":"Name","value":"cost"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<CampaignListQuery, CampaignListQueryVariables>;
export const ContactsNodesPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContactsNodesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ContactFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ContactsNodesPageQuery, ContactsNodesPageQueryVariables>;
export const ContactsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContactsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ContactFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOrder"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"no"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ContactsPageQuery, ContactsPageQueryVariables>;