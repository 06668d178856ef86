"""marginlib: an exact engine for Binance's multi-assets (cross-margin) mode of U-margined futures.

The ledger computes in exact decimals and rounds half-up only for display; the same formulas
evaluate float arrays for what-if grids. Drawing (matplotlib) and widgets (ipywidgets) live in
``marginlib.plots`` and ``marginlib.widgets`` and are imported only when used.
"""

from __future__ import annotations

from .account import (
    MULTI_ASSETS,
    SINGLE_ASSET,
    Account,
    available_for_orders,
    evaluate,
    margin_balance,
    margin_ratio,
    margin_utilisation,
    usable_amount,
)
from .accountfile import account_from_dict, account_from_json, load_account, summary_to_json
from .brackets import Bracket, BracketTable, brackets_source, maintenance_margin, real_brackets
from .collateral import auto_exchange_example, coin_collateral_fall
from .conversion import (
    AUTO_EXCHANGE_THRESHOLD,
    ConversionEvent,
    Simulation,
    auto_exchange_step,
    close_positions,
    convert_to_cover,
    loan_to_value,
    simulate,
)
from .deprecated import max_withdraw_amount, translate
from .errors import (
    IneligibleAsset,
    IneligibleContract,
    InvalidInput,
    LeverageTooHigh,
    MarginError,
    SwitchRefused,
    WithdrawalRefused,
)
from .fees import FeeSchedule, FundingSchedule, funding_payment, trading_fee
from .liquidation import (
    LiquidationRules,
    bankruptcy_price,
    liquidate,
    liquidation_buffer,
    liquidation_levels,
)
from .modes import ModeComparison, compare_modes, in_mode, switch_report
from .numeric import percent, round_half_up, usd
from .positions import OpenOrder, Position, initial_margin, notional, unrealized_pnl
from .rates import AssetRate, buy_rate, sell_rate, value_in_usd
from .registry import AUTO_EXCHANGE_FAQ, GUIDE, TODAY, WHERE_TO_LOOK, AssetInfo, Registry
from .scenarios import (
    GUIDE_FIGURES,
    GUIDE_NOTES,
    guide_account,
    guide_positions,
    guide_rates,
    liquidation_account,
    opened_account,
    pool_account,
    scenario,
    shock_account,
)
from .summary import AccountSummary, AssetView, summarize
from .switching import switch_mode, switch_refusals
from .today import compare_worlds, in_registry, tier_view
from .whatif import (
    LiquidationPrice,
    equity_at,
    liquidation_price,
    margin_ratio_at,
    ratio_grid,
    solve_liquidation_price,
)
from .withdraw import max_withdraw, max_withdrawable, withdraw

__all__ = [
    "AUTO_EXCHANGE_FAQ",
    "AUTO_EXCHANGE_THRESHOLD",
    "GUIDE",
    "GUIDE_FIGURES",
    "GUIDE_NOTES",
    "MULTI_ASSETS",
    "SINGLE_ASSET",
    "TODAY",
    "WHERE_TO_LOOK",
    "Account",
    "AccountSummary",
    "AssetInfo",
    "AssetRate",
    "AssetView",
    "Bracket",
    "BracketTable",
    "ConversionEvent",
    "FeeSchedule",
    "FundingSchedule",
    "IneligibleAsset",
    "IneligibleContract",
    "InvalidInput",
    "LeverageTooHigh",
    "LiquidationPrice",
    "LiquidationRules",
    "MarginError",
    "ModeComparison",
    "OpenOrder",
    "Position",
    "Registry",
    "Simulation",
    "SwitchRefused",
    "WithdrawalRefused",
    "account_from_dict",
    "account_from_json",
    "auto_exchange_example",
    "auto_exchange_step",
    "available_for_orders",
    "bankruptcy_price",
    "brackets_source",
    "buy_rate",
    "close_positions",
    "coin_collateral_fall",
    "compare_modes",
    "compare_worlds",
    "convert_to_cover",
    "equity_at",
    "evaluate",
    "funding_payment",
    "guide_account",
    "guide_positions",
    "guide_rates",
    "in_mode",
    "in_registry",
    "initial_margin",
    "liquidate",
    "liquidation_account",
    "liquidation_buffer",
    "liquidation_levels",
    "liquidation_price",
    "load_account",
    "loan_to_value",
    "maintenance_margin",
    "margin_balance",
    "margin_ratio",
    "margin_ratio_at",
    "margin_utilisation",
    "max_withdraw",
    "max_withdraw_amount",
    "max_withdrawable",
    "notional",
    "opened_account",
    "percent",
    "pool_account",
    "ratio_grid",
    "real_brackets",
    "round_half_up",
    "scenario",
    "sell_rate",
    "shock_account",
    "simulate",
    "solve_liquidation_price",
    "summarize",
    "summary_to_json",
    "switch_mode",
    "switch_refusals",
    "switch_report",
    "tier_view",
    "trading_fee",
    "translate",
    "unrealized_pnl",
    "usable_amount",
    "usd",
    "value_in_usd",
    "withdraw",
]
