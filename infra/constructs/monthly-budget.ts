/**
 * A monthly cost budget for the account (AWS Budgets, an L1: CDK has no L2 for it) that tells a person at 80 % and
 * 100 % of actual spend and when the forecast passes 100 %, through the alarm topic and, when an address is given,
 * straight by email as well: the one alert about money should arrive even if the topic itself is broken (a key
 * policy edited by hand), and it comes at most three times a month.
 *
 * AWS Budgets counts in US dollars whatever currency the invoice is paid in, so the amount is USD. Credits and
 * refunds are left out, so a runaway cost shows even while credits pay for it. The budget covers the whole
 * account, which is msv alone in the recommended setup.
 */
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface MonthlyBudgetProps {
  /** Unique in the account (budgets have no stack of their own). */
  readonly budgetName: string;
  /** The monthly limit in US dollars. */
  readonly amountUsd: number;
  /** Notified of every threshold. */
  readonly topic: ITopic;
  /** Also notified directly, when given. */
  readonly email?: string;
}

/** The thresholds: [type, percent of the limit]. */
export const BUDGET_THRESHOLDS = [
  ['ACTUAL', 80],
  ['ACTUAL', 100],
  ['FORECASTED', 100],
] as const;

export class MonthlyBudget extends Construct {
  readonly budget: CfnBudget;

  constructor(scope: Construct, id: string, props: MonthlyBudgetProps) {
    super(scope, id);
    const subscribers: CfnBudget.SubscriberProperty[] = [
      { subscriptionType: 'SNS', address: props.topic.topicArn },
      ...(props.email ? [{ subscriptionType: 'EMAIL', address: props.email }] : []),
    ];
    this.budget = new CfnBudget(this, 'Budget', {
      budget: {
        budgetName: props.budgetName,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.amountUsd, unit: 'USD' },
        costTypes: { includeCredit: false, includeRefund: false },
      },
      notificationsWithSubscribers: BUDGET_THRESHOLDS.map(([notificationType, threshold]) => ({
        notification: {
          notificationType,
          comparisonOperator: 'GREATER_THAN',
          threshold,
          thresholdType: 'PERCENTAGE',
        },
        subscribers,
      })),
    });
  }
}
